package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.TupleSpaceProperties;
import dev.msgsuite.tuplespace.store.TupleStore;
import dev.msgsuite.tuplespace.tuples.Refusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import jakarta.annotation.PreDestroy;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * This instance among the others on the database: registered with the address its peers relay to
 * once the web server listens, a heartbeat while it runs, and at a clean stop its pending changes
 * written and its spaces given up. On every instance, a sweep of expired tuples and lost instances.
 * An instance whose heartbeat has not reached the database for half of {@code instance-lost-after}
 * stops serving its spaces, before the others may take them over.
 */
final class ClusterMembership {

    private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

    private final TupleStore store;

    private final SpaceHomes homes;

    private final SpaceMetrics metrics;

    private final TupleSpaceProperties.Cluster cluster;

    private final Environment environment;

    private volatile String address;

    private volatile boolean started;

    ClusterMembership(TupleStore store, SpaceHomes homes, SpaceMetrics metrics, TupleSpaceProperties.Cluster cluster, Environment environment) {
        this.store = store;
        this.homes = homes;
        this.metrics = metrics;
        this.cluster = cluster;
        this.environment = environment;
        homes.whenStale(this::beat);
    }

    @EventListener(ApplicationStartedEvent.class)
    void register() {
        String host = this.cluster.advertisedHost();
        if (host.isEmpty()) {
            try {
                host = InetAddress.getLocalHost().getHostAddress();
            }
            catch (UnknownHostException ex) {
                host = "127.0.0.1";
            }
        }
        String port = this.environment.getProperty("local.server.port", this.environment.getProperty("server.port", "8086"));
        this.address = "ws://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/cluster/ws";
        beat();
        this.started = true;
        log.info("Tuple space instance {} joined; other instances relay to {}", this.store.instance(), this.address);
    }

    @Scheduled(fixedDelayString = "${tuplespace.cluster.heartbeat:2s}")
    void heartbeat() {
        if (this.started) {
            beat();
        }
    }

    private synchronized void beat() {
        if (this.address == null) {
            return;
        }
        try {
            boolean known = this.store.heartbeat(this.address);
            if (!known && this.started) {
                log.warn("This instance was taken for lost (no heartbeat for {}); its spaces may have moved, it lets them go",
                        this.cluster.instanceLostAfter());
                this.homes.letGoOfAll(new Refusal(Refusal.Reason.UNAVAILABLE, "This instance was taken for lost; retry"));
            }
            this.homes.alive(this.cluster.instanceLostAfter().toMillis() / 2);
        }
        catch (RuntimeException ex) {
            log.warn("Heartbeat failed: {}", ex.getMessage());
        }
    }

    boolean alive() {
        return this.started && this.homes.alive();
    }

    @Scheduled(fixedDelayString = "${tuplespace.cluster.sweep-interval:1s}")
    void sweep() {
        if (!this.started) {
            return;
        }
        this.homes.local().forEach(HomedSpace::sweep);
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

    /** A clean stop: pending changes written, homes given up. */
    @PreDestroy
    void stop() {
        if (this.started) {
            this.started = false;
            this.homes.close();
            try {
                this.store.deregister();
            }
            catch (RuntimeException ex) {
                log.warn("Could not deregister instance {}: {}", this.store.instance(), ex.getMessage());
            }
        }
    }
}
