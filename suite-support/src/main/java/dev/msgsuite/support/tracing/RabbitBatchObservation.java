package dev.msgsuite.support.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.amqp.core.Message;

/** A batch observation (see {@code BatchObservation}) for a batch of RabbitMQ messages. */
public final class RabbitBatchObservation {

    private RabbitBatchObservation() {
    }

    /** Not started; its parent is the trace context in the first message's headers. */
    public static Observation of(ObservationRegistry registry, String name, List<Message> messages) {
        return BatchObservation.of(registry, name, messages.size(), messages.isEmpty() ? null : messages.getFirst(),
                (message, key) -> {
                    Object value = message.getMessageProperties().getHeader(key);
                    return value == null ? null : value.toString();
                });
    }
}
