package dev.msgsuite.support.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A batch observation (see {@code BatchObservation}) for a batch of Kafka records. */
public final class KafkaBatchObservation {

    private KafkaBatchObservation() {
    }

    /** Not started; its parent is the trace context in the first record's headers. */
    public static Observation of(ObservationRegistry registry, String name, List<? extends ConsumerRecord<?, ?>> records) {
        return BatchObservation.of(registry, name, records.size(), records.isEmpty() ? null : records.getFirst(),
                (ConsumerRecord<?, ?> record, String key) -> {
                    Header header = record.headers().lastHeader(key);
                    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                });
    }
}
