package dev.msgsuite.compute.messaging;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_REASON_HEADER;

import dev.msgsuite.support.amqp.ConfirmedPublisher;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

/**
 * Moves a message that can never be handled to the dead-letter queue with the reason in a
 * header, confirmed, so the caller may then acknowledge it: no redelivery loop, no loss.
 */
public final class DeadLetters {

    /** Header naming the queue the message was taken from. */
    public static final String ORIGINAL_QUEUE_HEADER = "x-original-queue";

    /** Header naming the node that gave up on the message. */
    public static final String NODE_HEADER = "x-compute-node";

    private final ConfirmedPublisher publisher;

    private final String nodeId;

    public DeadLetters(ConfirmedPublisher publisher, String nodeId) {
        this.publisher = publisher;
        this.nodeId = nodeId;
    }

    public void send(Message original, String fromQueue, String reason) {
        Message deadLetter = MessageBuilder.fromClonedMessage(original)
                .setHeader(DEAD_LETTER_REASON_HEADER, reason)
                .setHeader(ORIGINAL_QUEUE_HEADER, fromQueue)
                .setHeader(NODE_HEADER, this.nodeId)
                .build();
        this.publisher.send(DEAD_LETTER_EXCHANGE, fromQueue, deadLetter);
    }
}
