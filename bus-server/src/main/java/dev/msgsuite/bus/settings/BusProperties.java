package dev.msgsuite.bus.settings;

import dev.msgsuite.bus.session.OverflowPolicy;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the skill bus ({@code skillbus.*}).
 *
 * @param queue per-client queue bounds
 * @param limits per-frame and per-client limits
 * @param resume how long a detached v2 session waits for its client
 * @param auth bearer tokens; none configured means an open bus
 * @param cluster scale-out over RabbitMQ
 * @param allowedOrigins browser origins allowed to open a websocket, as origin patterns
 * ({@code https://*.example.org}); empty (the default) allows only the bus's own origin. A
 * handshake without an {@code Origin} header (any non-browser client) is not affected.
 */
@ConfigurationProperties("skillbus")
public record BusProperties(@DefaultValue Queue queue, @DefaultValue Limits limits, @DefaultValue Resume resume,
        @DefaultValue Auth auth, @DefaultValue Cluster cluster, @DefaultValue List<String> allowedOrigins) {

    /**
     * @param maxPackets packets queued per client at most
     * @param maxBytes bytes queued per client at most
     * @param overflow what a full queue does
     * @param maxInFlightBytes bytes sent to a client and awaiting its ack at most (besides the count bound
     * {@code limits.max-prefetch}); one packet may always be in flight
     */
    public record Queue(@DefaultValue("10000") int maxPackets, @DefaultValue("16MB") DataSize maxBytes,
            @DefaultValue("drop-oldest") OverflowPolicy overflow, @DefaultValue("16MB") DataSize maxInFlightBytes) {
    }

    /**
     * @param maxFrameSize largest frame accepted; bigger ones close the connection with 1009
     * @param maxControlFrameSize largest text (control) frame a protocol reads; bigger ones are refused with
     * {@code too-large} (the connection stays)
     * @param maxSkillsPerClient registrations per client
     * @param maxPatterns distinct registration patterns on this instance, all clients together
     * @param maxPrefetch largest prefetch window or pull grant (v2), and packets in flight per client at most,
     * whatever grants add up to
     * @param maxPendingReplyBytes characters of control replies a client may leave unread; beyond, close 4009
     * @param maxTotalQueuedBytes bytes all sessions together may hold (queued, in flight, unread replies); at most
     * half the maximum heap is used, whatever is configured
     * @param maxConnections open websocket connections at most; beyond, the handshake gets 503
     * @param maxConnectionsPerAddress open websocket connections per client address (IPv6: per /64); beyond, 429
     * @param pingInterval how often the server pings each connection
     * @param idleTimeout a connection from which nothing arrived (no frame, no pong) for this long is closed with 1001
     */
    public record Limits(@DefaultValue("1MB") DataSize maxFrameSize, @DefaultValue("16KB") DataSize maxControlFrameSize,
            @DefaultValue("256") int maxSkillsPerClient, @DefaultValue("100000") int maxPatterns,
            @DefaultValue("10000") int maxPrefetch, @DefaultValue("1MB") DataSize maxPendingReplyBytes,
            @DefaultValue("256MB") DataSize maxTotalQueuedBytes, @DefaultValue("10000") int maxConnections,
            @DefaultValue("100") int maxConnectionsPerAddress, @DefaultValue("30s") Duration pingInterval,
            @DefaultValue("90s") Duration idleTimeout) {

        public Limits {
            // pings are what keep a quiet but live client from looking idle
            if (idleTimeout.compareTo(pingInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("skillbus.limits.idle-timeout (" + idleTimeout
                        + ") must be at least twice skillbus.limits.ping-interval (" + pingInterval + ")");
            }
        }
    }

    /** @param window how long a detached session keeps its queue and registrations */
    public record Resume(@DefaultValue("60s") Duration window) {
    }

    /** @param tokens accepted bearer tokens with what each may do; none: the bus is open (logged at start-up) */
    public record Auth(@DefaultValue List<Token> tokens) {

        public boolean enabled() {
            return !this.tokens.isEmpty();
        }
    }

    /**
     * @param name who holds the token (shown in the client list; resume is limited to the same name)
     * @param token the bearer token
     * @param publish skill patterns the holder may publish to
     * @param subscribe skill patterns the holder may register (or narrower ones)
     */
    public record Token(String name, String token, @DefaultValue("#") List<String> publish,
            @DefaultValue("#") List<String> subscribe) {
    }

    /** @param enabled join the other instances through RabbitMQ ({@code spring.rabbitmq.*}) */
    public record Cluster(@DefaultValue("false") boolean enabled) {
    }
}
