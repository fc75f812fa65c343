package dev.msgsuite.support.amqp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ApplicationContext;

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
     * Observes every send (a span per message, the trace context in its headers) through the
     * context's {@code ObservationRegistry}, which a template that is not a bean of its own
     * never finds; the suite's tracing auto-configuration calls this for every publisher bean.
     */
    public void observeWith(ApplicationContext context) {
        this.template.setObservationEnabled(true);
        this.template.setApplicationContext(context);
    }

    /**
     * Publishes ready messages in order with at most {@code maxUnconfirmed} of them awaiting
     * the broker's confirm at any time, so a large batch costs a round trip per window rather
     * than per message, without flooding the broker; returns when all are confirmed, throws at
     * the first one that is not.
     */
    public void sendAll(String exchange, String routingKey, List<Message> messages, int maxUnconfirmed) {
        sendAll(exchange, routingKey, messages.iterator(), maxUnconfirmed);
    }

    /**
     * As {@link #sendAll(String, String, List, int)}, taking each message from the iterator only
     * when the window has room for it: a caller that makes its messages on demand holds no more
     * than the window of them.
     */
    public void sendAll(String exchange, String routingKey, Iterator<Message> messages, int maxUnconfirmed) {
        if (maxUnconfirmed < 1) {
            throw new IllegalArgumentException("maxUnconfirmed must be at least 1");
        }
        Deque<CorrelationData> unconfirmed = new ArrayDeque<>(maxUnconfirmed);
        while (messages.hasNext()) {
            if (unconfirmed.size() >= maxUnconfirmed) {
                await(unconfirmed.removeFirst(), exchange, routingKey);
            }
            CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
            this.template.send(exchange, routingKey, messages.next(), correlation);
            unconfirmed.addLast(correlation);
        }
        while (!unconfirmed.isEmpty()) {
            await(unconfirmed.removeFirst(), exchange, routingKey);
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
