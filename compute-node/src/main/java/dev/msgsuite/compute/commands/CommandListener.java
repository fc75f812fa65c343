package dev.msgsuite.compute.commands;

import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;

import dev.msgsuite.compute.NodeProperties;
import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeCommand;
import dev.msgsuite.support.amqp.DeadLetterPublisher;
import dev.msgsuite.support.logging.LogSafe;
import java.nio.charset.StandardCharsets;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Receives commands from this node's queue on the commands fanout and publishes the reply. */
@Component
class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    /** saver-service's command ids are UUIDs; the id comes back in every reply. */
    static final int MAX_COMMAND_ID_LENGTH = 100;

    /** An AMQP routing key is a short string; publishing the reply to a longer one would fail every time. */
    static final int MAX_ROUTING_KEY_BYTES = 255;

    private final CommandHandler handler;

    private final JsonMapper json;

    private final RabbitTemplate rabbit;

    private final DeadLetterPublisher deadLetters;

    private final long maxCommandBytes;

    private final MeterRegistry meters;

    CommandListener(CommandHandler handler, JsonMapper json, RabbitTemplate rabbit, DeadLetterPublisher deadLetters,
            NodeProperties properties, MeterRegistry meters) {
        this.handler = handler;
        this.json = json;
        this.rabbit = rabbit;
        this.deadLetters = deadLetters;
        this.maxCommandBytes = properties.maxCommandBytes().toBytes();
        this.meters = meters;
    }

    @RabbitListener(queues = "#{commandsQueue.name}")
    void onCommand(Message message) {
        ComputeCommand command;
        switch (read(this.json, message.getBody(), this.maxCommandBytes)) {
            case Read.Refused refused -> {
                deadLetter(message, refused.kind(), refused.reason());
                return;
            }
            case Read.Command read -> command = read.command();
        }
        CommandReply reply;
        try {
            reply = this.handler.handle(command);
        }
        catch (RuntimeException ex) {
            // a bug, not a broker problem: requeueing would loop, so the command is parked with the reason
            log.error("Command failed unexpectedly, dead-lettered", ex);
            deadLetter(message, "node-failure", "node failed: " + ex);
            return;
        }
        log.info("Command {} {}: {} ({})", LogSafe.escape(command.command()), LogSafe.escape(command.commandId()),
                reply.status(), LogSafe.escape(reply.detail(), 500));
        this.rabbit.convertAndSend(REPLIES_EXCHANGE, command.replyTo(), reply);
    }

    /**
     * The command in a message body, or why there is none. Plain, so every body can be tried
     * without a broker.
     */
    static Read read(JsonMapper json, byte[] body, long maxBytes) {
        if (body.length > maxBytes) {
            // checked before Jackson builds anything from it; a configure carries one election, which
            // saver-service took as a request body of at most saver.limits.max-request-body (16 MB)
            return new Read.Refused("unparseable", "unparseable command: a command holds at most " + maxBytes + " bytes, this one "
                    + body.length);
        }
        ComputeCommand command;
        try {
            command = json.readValue(body, ComputeCommand.class);
        }
        catch (JacksonException ex) {
            return new Read.Refused("unparseable", "unparseable command: " + ex.getOriginalMessage());
        }
        if (command == null || command.commandId() == null || command.replyTo() == null) {
            return new Read.Refused("invalid", "invalid command: commandId and replyTo are required");
        }
        if (command.commandId().length() > MAX_COMMAND_ID_LENGTH
                || command.replyTo().getBytes(StandardCharsets.UTF_8).length > MAX_ROUTING_KEY_BYTES) {
            return new Read.Refused("invalid", "invalid command: commandId holds at most " + MAX_COMMAND_ID_LENGTH
                    + " characters and replyTo (a routing key) " + MAX_ROUTING_KEY_BYTES + " bytes");
        }
        return new Read.Command(command);
    }

    /** What a command message holds. */
    sealed interface Read {

        record Command(ComputeCommand command) implements Read {
        }

        /** @param kind for metrics: {@code unparseable} or {@code invalid} */
        record Refused(String kind, String reason) implements Read {
        }
    }

    private void deadLetter(Message message, String kind, String reason) {
        log.warn("Command dead-lettered: {}", LogSafe.escape(reason, 500));
        this.deadLetters.send(message, message.getMessageProperties().getConsumerQueue(), reason);
        this.meters.counter("compute.node.commands.dead-lettered", "kind", kind).increment();
    }
}
