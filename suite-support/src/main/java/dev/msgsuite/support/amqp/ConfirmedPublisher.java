package dev.msgsuite.support.amqp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes and waits for the broker's confirm, so the caller knows the message is safely
 * queued before it acknowledges what it consumed.
 */
public final class ConfirmedPublisher {

    private final RabbitTemplate template;

    private final Duration timeout;

    public ConfirmedPublisher(RabbitTemplate template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    /**
     * Publishes ready messages in order with at most {@code maxUnconfirmed} of them awaiting
     * the broker's confirm at any time, so a large batch costs a round trip per window rather
     * than per message, without flooding the broker; returns when all are confirmed, throws at
     * the first one that is not.
     */
    public void sendAll(String exchange, String routingKey, List<Message> messages, int maxUnconfirmed) {
        if (maxUnconfirmed < 1) {
            throw new IllegalArgumentException("maxUnconfirmed must be at least 1");
        }
        List<CorrelationData> correlations = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (correlations.size() >= maxUnconfirmed) {
                await(correlations.get(correlations.size() - maxUnconfirmed), exchange, routingKey);
            }
            CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
            this.template.send(exchange, routingKey, message, correlation);
            correlations.add(correlation);
        }
        for (CorrelationData correlation : correlations) {
            await(correlation, exchange, routingKey);
        }
    }

    /** Publishes a ready message; throws {@link NotConfirmedException} unless confirmed and routed. */
    public void send(String exchange, String routingKey, Message message) {
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        this.template.send(exchange, routingKey, message, correlation);
        await(correlation, exchange, routingKey);
    }

    private void await(CorrelationData correlation, String exchange, String routingKey) {
        String target = "'" + exchange + "'/'" + routingKey + "'";
        try {
            CorrelationData.Confirm confirm = correlation.getFuture().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.ack()) {
                throw new NotConfirmedException("Broker refused message to " + target + ": " + confirm.reason());
            }
            if (correlation.getReturned() != null) {
                throw new NotConfirmedException("No queue bound for " + target + ": "
                        + correlation.getReturned().getReplyText());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new NotConfirmedException("Interrupted waiting for the confirm from " + target, ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new NotConfirmedException("No confirm from " + target + " within " + this.timeout, ex);
        }
    }

    /** The broker did not take responsibility for a message. */
    public static final class NotConfirmedException extends RuntimeException {

        NotConfirmedException(String message) {
            super(message);
        }

        NotConfirmedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
