package dev.msgsuite.support.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * An observation around the handling of a batch of received messages, for the batch listeners
 * that Spring AMQP and Spring Kafka leave unobserved. Its span continues the trace of the
 * batch's first message (the trace context its sender put in the headers), so the writes it
 * makes (database spans included) appear in that request's trace; the batch's other messages
 * may belong to other traces, which end at the broker.
 * <p>
 * The name is an observation name, so it also becomes a timer ({@code <name>_seconds} in
 * Prometheus). Only the observation is created; the caller runs its work in it with
 * {@link Observation#observe(Runnable)} or {@link Observation#observeChecked}. See
 * {@link RabbitBatchObservation} and {@link KafkaBatchObservation}.
 */
final class BatchObservation {

    private BatchObservation() {
    }

    static <C> Observation of(ObservationRegistry registry, String name, int size, @Nullable C first,
            Propagator.Getter<C> getter) {
        ReceiverContext<C> context = new ReceiverContext<>(getter);
        if (first != null) {
            context.setCarrier(first);
        }
        return Observation.createNotStarted(name, () -> context, registry).contextualName(name)
                .highCardinalityKeyValue("messaging.batch.message_count", Integer.toString(size));
    }
}
