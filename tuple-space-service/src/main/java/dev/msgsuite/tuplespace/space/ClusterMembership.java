package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.store.TupleStore;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * This instance among the others on the database: registered at start, a heartbeat while it runs,
 * deregistered at a clean stop (its undelivered hand-offs written back); and on every instance, a
 * sweep of expired tuples and of what lost instances left behind.
 */
final class ClusterMembership {

    private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

    private final TupleStore store;

    private final TupleSpace space;

    private final SpaceMetrics metrics;

    private volatile boolean started;

    ClusterMembership(TupleStore store, TupleSpace space, SpaceMetrics metrics) {
        this.store = store;
        this.space = space;
        this.metrics = metrics;
    }

    @EventListener(ApplicationStartedEvent.class)
    void register() {
        this.store.register();
        this.started = true;
        log.info("Tuple space instance {} joined", this.store.instance());
    }

    @Scheduled(fixedDelayString = "${tuplespace.cluster.heartbeat:2s}")
    void heartbeat() {
        if (!this.started) {
            return;
        }
        try {
            if (!this.store.heartbeat()) {
                this.space.lostTakers();
            }
        }
        catch (RuntimeException ex) {
            log.warn("Heartbeat failed: {}", ex.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${tuplespace.cluster.sweep-interval:1s}")
    void sweep() {
        if (!this.started) {
            return;
        }
        try {
            this.store.sweep();
        }
        catch (RuntimeException ex) {
            log.warn("Sweep failed: {}", ex.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${tuplespace.cluster.space-gauge-interval:5s}")
    void refreshSpaces() {
        if (this.started) {
            this.metrics.refreshSpaces();
        }
    }

    @PreDestroy
    void deregister() {
        if (this.started) {
            try {
                this.store.deregister();
            }
            catch (RuntimeException ex) {
                log.warn("Could not deregister instance {}: {}", this.store.instance(), ex.getMessage());
            }
        }
    }
}
