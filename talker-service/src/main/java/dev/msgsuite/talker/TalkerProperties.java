package dev.msgsuite.talker;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one talker server.
 *
 * @param port client TCP port (0 picks a free one)
 * @param bindAddress address the client port binds to
 * @param serverId this server's id on the mesh; a random 20-hex-digit id when unset
 * @param operatorPassword when set, {@code /kill} and peer management need {@code /oper <password>}
 * @param limits per-client protections
 * @param peers the server-to-server mesh
 */
@ConfigurationProperties("talker")
public record TalkerProperties(
        @DefaultValue("8889") int port,
        @DefaultValue("0.0.0.0") String bindAddress,
        @Nullable String serverId,
        @Nullable String operatorPassword,
        @DefaultValue Limits limits,
        @DefaultValue Peers peers) {

    /**
     * @param maxLineBytes longest accepted client line, delimiter excluded
     * @param linesPerSecond sustained lines a client may send per second
     * @param burst lines a client may send at once before the rate applies
     * @param outboundBufferBytes output queued for a client before it is disconnected as too slow
     * @param idleTimeout silence after which a client is disconnected
     * @param networkTimeout how long network-wide {@code /who} and {@code /tell} wait for other servers
     */
    public record Limits(
            @DefaultValue("1024") int maxLineBytes,
            @DefaultValue("20") int linesPerSecond,
            @DefaultValue("40") int burst,
            @DefaultValue("65536") int outboundBufferBytes,
            @DefaultValue("30m") Duration idleTimeout,
            @DefaultValue("2s") Duration networkTimeout) {
    }

    /**
     * @param listenHost address the peer listener binds to (loopback unless configured otherwise)
     * @param listenPort peer listener port; no listener at startup when unset (0 picks a free one)
     * @param connect peers ({@code host:port}) to link to at startup, reconnected with backoff
     * @param secret when set, a peer must prove it knows this secret before any other line counts
     * @param reconnectMin first reconnect delay
     * @param reconnectMax longest reconnect delay
     * @param maxLineBytes longest accepted peer line
     * @param outboundBufferBytes output queued for a peer before the link is dropped as too slow
     * @param heartbeat how often this server re-broadcasts its {@code i-see} (0: never); keeps quiet
     *     links busy and topology tables fresh
     * @param idleTimeout silence after which a peer link is dropped as half-open (0: never, the
     *     default, since original peers send nothing when quiet); use a few heartbeats when every
     *     peer is one of ours
     */
    public record Peers(
            @DefaultValue("127.0.0.1") String listenHost,
            @Nullable Integer listenPort,
            @DefaultValue List<String> connect,
            @Nullable String secret,
            @DefaultValue("250ms") Duration reconnectMin,
            @DefaultValue("30s") Duration reconnectMax,
            @DefaultValue("65536") int maxLineBytes,
            @DefaultValue("4194304") int outboundBufferBytes,
            @DefaultValue("30s") Duration heartbeat,
            @DefaultValue("0s") Duration idleTimeout) {

        @ConstructorBinding
        public Peers {
        }

        public Peers(String listenHost, @Nullable Integer listenPort, List<String> connect, @Nullable String secret,
                Duration reconnectMin, Duration reconnectMax, int maxLineBytes, int outboundBufferBytes) {
            this(listenHost, listenPort, connect, secret, reconnectMin, reconnectMax, maxLineBytes,
                    outboundBufferBytes, Duration.ofSeconds(30), Duration.ZERO);
        }

        public Peers withLiveness(Duration newHeartbeat, Duration newIdleTimeout) {
            return new Peers(listenHost, listenPort, connect, secret, reconnectMin, reconnectMax, maxLineBytes,
                    outboundBufferBytes, newHeartbeat, newIdleTimeout);
        }
    }

    /** Defaults for a server started outside Spring (tests, benchmarks): free ports, no peers. */
    public static TalkerProperties defaults() {
        return new TalkerProperties(0, "127.0.0.1", null, null,
                new Limits(1024, 20, 40, 65536, Duration.ofMinutes(30), Duration.ofSeconds(2)),
                new Peers("127.0.0.1", null, List.of(), null, Duration.ofMillis(250), Duration.ofSeconds(30), 65536,
                        4 * 1024 * 1024));
    }

    public TalkerProperties withServerId(@Nullable String id) {
        return new TalkerProperties(port, bindAddress, id, operatorPassword, limits, peers);
    }

    public TalkerProperties withOperatorPassword(@Nullable String password) {
        return new TalkerProperties(port, bindAddress, serverId, password, limits, peers);
    }

    public TalkerProperties withLimits(Limits newLimits) {
        return new TalkerProperties(port, bindAddress, serverId, operatorPassword, newLimits, peers);
    }

    public TalkerProperties withPeers(Peers newPeers) {
        return new TalkerProperties(port, bindAddress, serverId, operatorPassword, limits, newPeers);
    }
}
