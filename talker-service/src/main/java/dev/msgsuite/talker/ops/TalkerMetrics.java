package dev.msgsuite.talker.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counters and gauges of one talker server. Updated from the server's event loop, read from any
 * thread (health, Prometheus).
 */
public final class TalkerMetrics {

    private final AtomicInteger clients = new AtomicInteger();

    private final AtomicInteger peers = new AtomicInteger();

    private final AtomicInteger reachableServers = new AtomicInteger(1);

    private final Counter clientLinesIn;

    private final Counter clientLinesOut;

    private final Counter clientLinesRejected;

    private final Counter peerLinesIn;

    private final Counter peerLinesOut;

    private final Counter duplicatesDropped;

    private final Counter malformedDropped;

    private final Counter peerLinesFailed;

    private final MeterRegistry registry;

    public TalkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("talker.clients", this.clients, AtomicInteger::get).description("Connected clients")
            .register(registry);
        Gauge.builder("talker.peers", this.peers, AtomicInteger::get).description("Directly linked peers")
            .register(registry);
        Gauge.builder("talker.reachable.servers", this.reachableServers, AtomicInteger::get)
            .description("Servers reachable over the mesh, this one included").register(registry);
        this.clientLinesIn = Counter.builder("talker.client.lines").tag("direction", "in").register(registry);
        this.clientLinesOut = Counter.builder("talker.client.lines").tag("direction", "out").register(registry);
        this.clientLinesRejected = Counter.builder("talker.client.lines.rejected")
            .description("Client lines refused (too long, invalid UTF-8, over the rate limit)").register(registry);
        this.peerLinesIn = Counter.builder("talker.peer.lines").tag("direction", "in").register(registry);
        this.peerLinesOut = Counter.builder("talker.peer.lines").tag("direction", "out").register(registry);
        this.duplicatesDropped = Counter.builder("talker.peer.duplicates.dropped").register(registry);
        this.malformedDropped = Counter.builder("talker.peer.malformed.dropped").register(registry);
        this.peerLinesFailed = Counter.builder("talker.peer.lines.failed")
            .description("Peer lines whose handling failed on a bug").register(registry);
    }

    /** A client disconnected by the server, by reason (slow, idle, http). */
    public void clientDisconnected(String reason) {
        Counter.builder("talker.clients.disconnected").tag("reason", reason).register(this.registry).increment();
    }

    public double clientsDisconnected(String reason) {
        Counter counter = this.registry.find("talker.clients.disconnected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** An {@code /oper} attempt, by result (granted, wrong, throttled, busy). */
    public void operatorLogin(String result) {
        Counter.builder("talker.operator.logins").tag("result", result).register(this.registry).increment();
    }

    public double operatorLogins(String result) {
        Counter counter = this.registry.find("talker.operator.logins").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A command refused by access rules, by reason (not-available, not-operator, peer-host). */
    public void commandRefused(String reason) {
        Counter.builder("talker.commands.refused").tag("reason", reason).register(this.registry).increment();
    }

    /** A peer connection refused, by reason (secret: not proven, http: an HTTP request, max-peers). */
    public void peerRefused(String reason) {
        Counter.builder("talker.peer.refused").tag("reason", reason).register(this.registry).increment();
    }

    public double peersRefused() {
        return this.registry.find("talker.peer.refused").counters().stream().mapToDouble(Counter::count).sum();
    }

    public double peersRefused(String reason) {
        Counter counter = this.registry.find("talker.peer.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A client connection refused before it joined, by reason (max-clients, max-clients-per-address). */
    public void clientRefused(String reason) {
        Counter.builder("talker.clients.refused").tag("reason", reason).register(this.registry).increment();
    }

    public double clientsRefused(String reason) {
        Counter counter = this.registry.find("talker.clients.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * A peer line dropped with the link kept, by reason (rate: over the peer line rate;
     * ahead-of-source: relayed ahead of what the source's own link brought).
     */
    public void peerLineRefused(String reason) {
        Counter.builder("talker.peer.lines.refused").tag("reason", reason).register(this.registry).increment();
    }

    public double peerLinesRefused(String reason) {
        Counter counter = this.registry.find("talker.peer.lines.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A peer line whose handling failed on a bug (logged with its stack trace). */
    public void peerLineFailed() {
        this.peerLinesFailed.increment();
    }

    public double peerLinesFailedCount() {
        return this.peerLinesFailed.count();
    }

    public void clients(int count) {
        this.clients.set(count);
    }

    public void peers(int count) {
        this.peers.set(count);
    }

    public void reachableServers(int count) {
        this.reachableServers.set(count);
    }

    public int clients() {
        return this.clients.get();
    }

    public int peers() {
        return this.peers.get();
    }

    public int reachableServers() {
        return this.reachableServers.get();
    }

    public void clientLineIn() {
        this.clientLinesIn.increment();
    }

    public void clientLineOut() {
        this.clientLinesOut.increment();
    }

    public void clientLineRejected() {
        this.clientLinesRejected.increment();
    }

    public void peerLineIn() {
        this.peerLinesIn.increment();
    }

    public void peerLineOut() {
        this.peerLinesOut.increment();
    }

    public void duplicateDropped() {
        this.duplicatesDropped.increment();
    }

    public void malformedDropped() {
        this.malformedDropped.increment();
    }

    public double duplicatesDroppedCount() {
        return this.duplicatesDropped.count();
    }

    public double peerLinesInCount() {
        return this.peerLinesIn.count();
    }

    public double malformedDroppedCount() {
        return this.malformedDropped.count();
    }
}
