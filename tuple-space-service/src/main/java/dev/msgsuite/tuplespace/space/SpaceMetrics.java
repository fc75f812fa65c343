package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.store.TupleStore;
import dev.msgsuite.tuplespace.tuples.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tuplespace.operations{op}} (a counter: its rate is operations/s), {@code tuplespace.refusals{reason}},
 * {@code tuplespace.waiters{kind=reader|taker|subscriber}} on this instance, and
 * {@code tuplespace.tuples{space}}, the live tuples per space in the shared database, refreshed every few seconds.
 */
public final class SpaceMetrics {

    private static final Logger log = LoggerFactory.getLogger(SpaceMetrics.class);

    private final MeterRegistry registry;

    private final TupleStore store;

    private final MultiGauge tuples;

    private final Map<String, Counter> operations = new ConcurrentHashMap<>();

    public SpaceMetrics(MeterRegistry registry, TupleStore store, TupleSpace space) {
        this.registry = registry;
        this.store = store;
        this.tuples = MultiGauge.builder("tuplespace.tuples").description("Live tuples stored per space (all instances)").register(registry);
        Gauge.builder("tuplespace.waiters", space, TupleSpace::waitingReaders).tag("kind", "reader")
                .description("Blocked reads on this instance").register(registry);
        Gauge.builder("tuplespace.waiters", space, TupleSpace::waitingTakers).tag("kind", "taker")
                .description("Blocked takes on this instance").register(registry);
        Gauge.builder("tuplespace.waiters", space, TupleSpace::subscriptions).tag("kind", "subscriber")
                .description("Notify subscriptions on this instance").register(registry);
        Gauge.builder("tuplespace.spaces.homed", space, TupleSpace::homedSpaces)
                .description("Spaces this instance serves from memory (their home)").register(registry);
        for (Refusal.Reason reason : Refusal.Reason.values()) {
            Counter.builder("tuplespace.refusals").tag("reason", reason.code()).register(registry);
        }
    }

    /** Counts one operation: write, read, take, read-probe, take-probe, read-all, notify. */
    public void operation(String op) {
        this.operations.computeIfAbsent(op, name -> Counter.builder("tuplespace.operations").tag("op", name)
                .description("Tuple space operations served by this instance").register(this.registry)).increment();
    }

    public void refusal(Refusal.Reason reason) {
        this.registry.counter("tuplespace.refusals", "reason", reason.code()).increment();
    }

    /** Called on a schedule. */
    public void refreshSpaces() {
        try {
            this.tuples.register(this.store.countsBySpace().entrySet().stream()
                    .map(count -> MultiGauge.Row.of(Tags.of("space", count.getKey()), count.getValue())).toList(), true);
        }
        catch (RuntimeException ex) {
            log.debug("Could not count the tuples per space: {}", ex.getMessage());
        }
    }
}
