package dev.msgsuite.compute.commands;

import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;

import dev.msgsuite.compute.messaging.DeadLetters;
import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeCommand;
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

    CommandListener(CommandHandler handler, JsonMapper json, RabbitTemplate rabbit, DeadLetters deadLetters) {
        this.handler = handler;
        this.json = json;
        this.rabbit = rabbit;
        this.deadLetters = deadLetters;
    }

    @RabbitListener(queues = "#{commandsQueue.name}")
    void onCommand(Message message) {
        ComputeCommand command;
        try {
            command = this.json.readValue(message.getBody(), ComputeCommand.class);
        }
        catch (JacksonException ex) {
            this.deadLetters.send(message, message.getMessageProperties().getConsumerQueue(),
                    "unparseable command: " + ex.getOriginalMessage());
            return;
        }
        if (command.commandId() == null || command.replyTo() == null) {
            this.deadLetters.send(message, message.getMessageProperties().getConsumerQueue(),
                    "invalid command: commandId and replyTo are required");
            return;
        }
        CommandReply reply = this.handler.handle(command);
        log.info("Command {} {}: {} ({})", command.command(), command.commandId(), reply.status(), reply.detail());
        this.rabbit.convertAndSend(REPLIES_EXCHANGE, command.replyTo(), reply);
    }
}
