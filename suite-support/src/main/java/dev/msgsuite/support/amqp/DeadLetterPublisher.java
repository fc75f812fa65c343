package dev.msgsuite.support.amqp;

import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTERED_AT_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_ORIGINAL_QUEUE_HEADER;
import static dev.msgsuite.contracts.ComputeMessaging.DEAD_LETTER_REASON_HEADER;

import java.time.Clock;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

/**
 * Moves a message that can never be handled to a dead-letter exchange, confirmed, with why
 * ({@code x-exception-message}), where from ({@code x-original-queue}, where a replay puts it
 * back) and when ({@code x-dead-lettered-at}) in its headers, plus the headers naming the
 * sender given at construction. Once {@link #send} returns the caller may acknowledge the
 * original: no redelivery loop, no loss. Thread-safe.
 */
public class DeadLetterPublisher {

    private final ConfirmedPublisher publisher;

    private final String exchange;

    private final Map<String, String> senderHeaders;

    private final Clock clock;

    /**
     * @param exchange the dead-letter exchange; the original queue is the routing key
     * @param senderHeaders headers every dead letter of this publisher carries, e.g. the node that gave up
     */
    public DeadLetterPublisher(ConfirmedPublisher publisher, String exchange, Map<String, String> senderHeaders, Clock clock) {
        this.publisher = publisher;
        this.exchange = exchange;
        this.senderHeaders = Map.copyOf(senderHeaders);
        this.clock = clock;
    }

    /**
     * Publishes a copy of {@code original} to the dead-letter exchange and waits for the
     * broker's confirm.
     *
     * @throws ConfirmedPublisher.NotConfirmedException when the broker did not confirm it
     */
    public void send(Message original, String fromQueue, String reason) {
        Message deadLetter = MessageBuilder.fromClonedMessage(original)
                .setHeader(DEAD_LETTER_REASON_HEADER, reason)
                .setHeader(DEAD_LETTER_ORIGINAL_QUEUE_HEADER, fromQueue)
                .setHeader(DEAD_LETTERED_AT_HEADER, this.clock.instant().toString())
                .build();
        this.senderHeaders.forEach(deadLetter.getMessageProperties()::setHeader);
        this.publisher.send(this.exchange, fromQueue, deadLetter);
    }
}
