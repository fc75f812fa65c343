package dev.msgsuite.saver.commands;

import static dev.msgsuite.contracts.ComputeMessaging.COMMANDS_EXCHANGE;

import dev.msgsuite.contracts.compute.ComputeCommand;
import dev.msgsuite.saver.messaging.SaverMessaging.ReplyAddress;
import java.time.Instant;
import java.util.UUID;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells every node to skip a job's remaining batches ({@code cancel} on the commands fanout).
 * Nothing is waited for: the job is cancelled in the database already, and the nodes' skipped
 * batches come back as cancellation results, which is what the job's counts wait for.
 */
@Component
public class JobCancellations {

    private final RabbitTemplate rabbit;

    private final ReplyAddress replyAddress;

    JobCancellations(RabbitTemplate rabbit, ReplyAddress replyAddress) {
        this.rabbit = rabbit;
        this.replyAddress = replyAddress;
    }

    public void publish(String jobId) {
        this.rabbit.convertAndSend(COMMANDS_EXCHANGE, "", new ComputeCommand(UUID.randomUUID().toString(),
                ComputeCommand.CANCEL, null, this.replyAddress.routingKey(), Instant.now(), jobId));
    }
}
