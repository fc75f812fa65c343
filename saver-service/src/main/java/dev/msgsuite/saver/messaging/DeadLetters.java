package dev.msgsuite.saver.messaging;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_EXCHANGE;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_REASON_HEADER;

import dev.msgsuite.support.amqp.ConfirmedPublisher;
import java.time.Instant;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.stereotype.Component;

/** Parks a message that can never be handled in the dead-letter queue, with the reason. */
@Component
public class DeadLetters {

    /** Header naming the queue a dead letter was taken from. */
    public static final String ORIGINAL_QUEUE_HEADER = "x-original-queue";

    /** Header with the instant (ISO-8601) a message was dead-lettered. */
    public static final String DEAD_LETTERED_AT_HEADER = "x-dead-lettered-at";

    private final ConfirmedPublisher publisher;

    DeadLetters(ConfirmedPublisher publisher) {
        this.publisher = publisher;
    }

    public void send(Message original, String fromQueue, String reason) {
        this.publisher.send(DEAD_LETTER_EXCHANGE, fromQueue, MessageBuilder.fromClonedMessage(original)
                .setHeader(DEAD_LETTER_REASON_HEADER, reason)
                .setHeader(ORIGINAL_QUEUE_HEADER, fromQueue)
                .setHeader(DEAD_LETTERED_AT_HEADER, Instant.now().toString())
                .build());
    }
}
