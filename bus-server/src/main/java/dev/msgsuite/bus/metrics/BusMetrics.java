package dev.msgsuite.bus.metrics;

import dev.msgsuite.bus.routing.PublishEvents;
import dev.msgsuite.bus.session.QueueEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/** The bus's Micrometer meters, named {@code skillbus.*}. */
public final class BusMetrics implements QueueEvents, PublishEvents {

    private final MeterRegistry registry;

    private final Counter packetsIn;

    private final Counter packetsOut;

    private final Counter packetsDropped;

    private final Counter packetsShed;

    private final Counter packetsCompressed;

    private final Counter framesCompressed;

    private final Counter bytesSaved;

    public BusMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.packetsIn = Counter.builder("skillbus.packets.in").description("Data packets published by clients of this instance")
                .register(registry);
        this.packetsOut = Counter.builder("skillbus.packets.out").description("Data packets sent to clients (resends included)")
                .register(registry);
        this.packetsDropped = Counter.builder("skillbus.packets.dropped")
                .description("Packets dropped by full queues, overflow disconnects and expired sessions").register(registry);
        this.packetsShed = Counter.builder("skillbus.packets.shed")
                .description("Packets dropped because the bus's memory budget was full (also in skillbus.packets.dropped)")
                .register(registry);
        this.packetsCompressed = Counter.builder("skillbus.compression.packets")
                .description("Packets deflated for permessage-deflate connections, once each however many subscribers get them")
                .register(registry);
        this.framesCompressed = Counter.builder("skillbus.compression.frames")
                .description("Data frames sent deflated (one per subscriber and packet)").register(registry);
        this.bytesSaved = Counter.builder("skillbus.compression.saved").baseUnit("bytes")
                .description("Payload bytes deflated frames spared the wire, against the same frames uncompressed").register(registry);
    }

    @Override
    public void published() {
        this.packetsIn.increment();
    }

    @Override
    public void sent(int packets) {
        this.packetsOut.increment(packets);
    }

    @Override
    public void dropped(int packets) {
        this.packetsDropped.increment(packets);
    }

    @Override
    public void shed(int packets) {
        this.packetsShed.increment(packets);
    }

    @Override
    public void closing(int code) {
        Counter.builder("skillbus.sessions.closed").description("Connections closed because a session bound was exceeded")
                .tag("code", Integer.toString(code)).register(this.registry).increment();
    }

    /** Connections closed with this code because a session bound was exceeded, so far. */
    public double sessionsClosed(int code) {
        Counter counter = this.registry.find("skillbus.sessions.closed").tag("code", Integer.toString(code)).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Counts a websocket connection refused or closed by a connection limit; {@code reason} is a fixed word. */
    public void connectionRefused(String reason) {
        Counter.builder("skillbus.connections.refused").description("Connections refused by the connection caps or closed idle")
                .tag("reason", reason).register(this.registry).increment();
    }

    /** Connections refused or closed for one reason so far. */
    public double connectionsRefused(String reason) {
        Counter counter = this.registry.find("skillbus.connections.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A packet was deflated (once for all its subscribers). */
    public void packetCompressed() {
        this.packetsCompressed.increment();
    }

    /** A data frame goes out deflated, {@code savedBytes} smaller than uncompressed. */
    public void frameCompressed(int savedBytes) {
        this.framesCompressed.increment();
        this.bytesSaved.increment(savedBytes);
    }

    public double packetsCompressed() {
        return this.packetsCompressed.count();
    }

    public double framesCompressed() {
        return this.framesCompressed.count();
    }

    public double packetsShed() {
        return this.packetsShed.count();
    }

    /** Counts a rejected frame; {@code reason} is one of a fixed set of error codes, so the tag stays bounded. */
    public void rejected(String protocol, String reason) {
        Counter.builder("skillbus.input.rejected").description("Malformed, unknown or forbidden frames from clients")
                .tag("protocol", protocol).tag("reason", reason).register(this.registry).increment();
    }

    /** Registers a gauge sampled from the given supplier. */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(this.registry);
    }

    public double packetsIn() {
        return this.packetsIn.count();
    }

    public double packetsOut() {
        return this.packetsOut.count();
    }

    public double packetsDropped() {
        return this.packetsDropped.count();
    }

    /** Rejected frames of one protocol and reason so far. */
    public double rejectedCount(String protocol, String reason) {
        Counter counter = this.registry.find("skillbus.input.rejected").tag("protocol", protocol).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
