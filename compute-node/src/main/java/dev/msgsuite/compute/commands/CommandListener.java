package dev.msgsuite.compute.commands;

import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;

import dev.msgsuite.compute.NodeProperties;
import dev.msgsuite.compute.messaging.DeadLetters;
import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeCommand;
import dev.msgsuite.support.logging.LogSafe;
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

    private final CommandHandler handler;

    private final JsonMapper json;

    private final RabbitTemplate rabbit;

    private final DeadLetters deadLetters;

    private final long maxCommandBytes;

    private final MeterRegistry meters;

    CommandListener(CommandHandler handler, JsonMapper json, RabbitTemplate rabbit, DeadLetters deadLetters,
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
        if (message.getBody().length > this.maxCommandBytes) {
            // checked before Jackson builds anything from it; a configure carries one election, which
            // saver-service took as a request body of at most saver.limits.max-request-body (16 MB)
            deadLetter(message, "unparseable", "unparseable command: a command holds at most " + this.maxCommandBytes
                    + " bytes, this one " + message.getBody().length);
            return;
        }
        ComputeCommand command;
        try {
            command = this.json.readValue(message.getBody(), ComputeCommand.class);
        }
        catch (JacksonException ex) {
            deadLetter(message, "unparseable", "unparseable command: " + ex.getOriginalMessage());
            return;
        }
        if (command.commandId() == null || command.replyTo() == null) {
            deadLetter(message, "invalid", "invalid command: commandId and replyTo are required");
            return;
        }
        CommandReply reply = this.handler.handle(command);
        log.info("Command {} {}: {} ({})", LogSafe.escape(command.command()), LogSafe.escape(command.commandId()),
                reply.status(), LogSafe.escape(reply.detail(), 500));
        this.rabbit.convertAndSend(REPLIES_EXCHANGE, command.replyTo(), reply);
    }

    private void deadLetter(Message message, String kind, String reason) {
        log.warn("Command dead-lettered: {}", LogSafe.escape(reason, 500));
        this.deadLetters.send(message, message.getMessageProperties().getConsumerQueue(), reason);
        this.meters.counter("compute.node.commands.dead-lettered", "kind", kind).increment();
    }
}
