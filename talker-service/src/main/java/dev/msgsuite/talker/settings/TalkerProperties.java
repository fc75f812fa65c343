package dev.msgsuite.talker.settings;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one talker server.
 *
 * @param port client TCP port (0 picks a free one)
 * @param bindAddress address the client port binds to
 * @param serverId this server's id on the mesh; a random 20-hex-digit id when unset
 * @param operatorPasswordHash bcrypt hash of the operator password; without one the operator
 *     commands ({@code /oper}, {@code /kill}, peer management) are not available at all
 * @param limits per-client protections
 * @param peers the server-to-server mesh
 */
@ConfigurationProperties("talker")
public record TalkerProperties(
        @DefaultValue("8889") int port,
        @DefaultValue("0.0.0.0") String bindAddress,
        @Nullable String serverId,
        @Nullable String operatorPasswordHash,
        @DefaultValue Limits limits,
        @DefaultValue Peers peers) {

    // Same shape as suite-support's check of user passwords: bcrypt, with or without the {bcrypt} prefix.
    private static final Pattern BCRYPT = Pattern.compile("\\A(\\{bcrypt})?\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}\\z");

    // The @DefaultValue annotations are the one home of the defaults; servers made outside Spring
    // (tests, benchmarks) take theirs from what the binder makes of them.
    private static final TalkerProperties BOUND_DEFAULTS = new Binder().bindOrCreate("talker", TalkerProperties.class);

    public TalkerProperties {
        if (operatorPasswordHash != null && operatorPasswordHash.isBlank()) {
            operatorPasswordHash = null;
        }
        if (operatorPasswordHash != null && !BCRYPT.matcher(operatorPasswordHash).matches()) {
            throw new IllegalArgumentException("talker.operator-password-hash (TALKER_OPERATOR_PASSWORD_HASH) is not a "
                    + "bcrypt hash: make one with scripts/create-credentials.sh or "
                    + "htpasswd -bnBC 10 \"\" '<password>' | tr -d ':\\n'");
        }
    }

    /**
     * @param maxLineBytes longest accepted client line, delimiter excluded
     * @param linesPerSecond sustained lines a client may send per second
     * @param burst lines a client may send at once before the rate applies
     * @param outboundBufferBytes output queued for a client before it is disconnected as too slow
     * @param idleTimeout silence after which a client is disconnected
     * @param networkTimeout how long network-wide {@code /who} and {@code /tell} wait for other servers
     * @param firstLineWait how long a new client's welcome (and the join everyone hears) waits for its
     *     first line, so that a browser's HTTP request is refused before anyone hears of it (0: no wait)
     * @param maxClients client connections at once; one more is told so and closed
     * @param maxClientsPerAddress client connections at once from one IPv4 address or IPv6 /64
     * @param maxPeers peer links at once (incoming and outgoing); one more incoming is closed, one
     *     more {@code /peer-connect} is refused
     * @param peerLinesPerSecond sustained lines one peer link may send per second (a second's worth
     *     at once); lines over it are dropped and counted, the link is kept
     */
    public record Limits(
            @DefaultValue("1024") int maxLineBytes,
            @DefaultValue("20") int linesPerSecond,
            @DefaultValue("40") int burst,
            @DefaultValue("65536") int outboundBufferBytes,
            @DefaultValue("30m") Duration idleTimeout,
            @DefaultValue("2s") Duration networkTimeout,
            @DefaultValue("250ms") Duration firstLineWait,
            @DefaultValue("1000") int maxClients,
            @DefaultValue("20") int maxClientsPerAddress,
            @DefaultValue("32") int maxPeers,
            @DefaultValue("2000") int peerLinesPerSecond) {

        @ConstructorBinding
        public Limits {
            if (maxClients < 1 || maxClientsPerAddress < 1 || maxPeers < 1 || peerLinesPerSecond < 1) {
                throw new IllegalArgumentException("talker.limits.max-clients, max-clients-per-address, max-peers "
                        + "and peer-lines-per-second must be at least 1");
            }
        }

        public Limits(int maxLineBytes, int linesPerSecond, int burst, int outboundBufferBytes, Duration idleTimeout,
                Duration networkTimeout) {
            this(maxLineBytes, linesPerSecond, burst, outboundBufferBytes, idleTimeout, networkTimeout,
                    BOUND_DEFAULTS.limits.firstLineWait, BOUND_DEFAULTS.limits.maxClients,
                    BOUND_DEFAULTS.limits.maxClientsPerAddress, BOUND_DEFAULTS.limits.maxPeers,
                    BOUND_DEFAULTS.limits.peerLinesPerSecond);
        }

        public Limits withCaps(int clients, int clientsPerAddress, int peers, int peerLines) {
            return new Limits(maxLineBytes, linesPerSecond, burst, outboundBufferBytes, idleTimeout, networkTimeout,
                    firstLineWait, clients, clientsPerAddress, peers, peerLines);
        }
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
     * @param allowedListenHosts addresses {@code /peer-listen} may bind (exact, or {@code *} patterns);
     *     loopback only by default
     * @param allowedConnectHosts host patterns ({@code *} for any characters, optionally
     *     {@code :port}) {@code /peer-connect} may dial besides the configured peers; none by default
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
            @DefaultValue("0s") Duration idleTimeout,
            @DefaultValue({ LOOPBACK_V4, LOOPBACK_V6 }) List<String> allowedListenHosts,
            @DefaultValue List<String> allowedConnectHosts) {

        private static final String LOOPBACK_V4 = "127.0.0.1";

        private static final String LOOPBACK_V6 = "::1";

        public static final List<String> LOOPBACK = List.of(LOOPBACK_V4, LOOPBACK_V6);

        @ConstructorBinding
        public Peers {
        }

        public Peers(String listenHost, @Nullable Integer listenPort, List<String> connect, @Nullable String secret,
                Duration reconnectMin, Duration reconnectMax, int maxLineBytes, int outboundBufferBytes) {
            this(listenHost, listenPort, connect, secret, reconnectMin, reconnectMax, maxLineBytes,
                    outboundBufferBytes, BOUND_DEFAULTS.peers.heartbeat, BOUND_DEFAULTS.peers.idleTimeout,
                    BOUND_DEFAULTS.peers.allowedListenHosts, BOUND_DEFAULTS.peers.allowedConnectHosts);
        }

        public Peers withLiveness(Duration newHeartbeat, Duration newIdleTimeout) {
            return new Peers(listenHost, listenPort, connect, secret, reconnectMin, reconnectMax, maxLineBytes,
                    outboundBufferBytes, newHeartbeat, newIdleTimeout, allowedListenHosts, allowedConnectHosts);
        }

        public Peers withAllowedHosts(List<String> listenHosts, List<String> connectHosts) {
            return new Peers(listenHost, listenPort, connect, secret, reconnectMin, reconnectMax, maxLineBytes,
                    outboundBufferBytes, heartbeat, idleTimeout, listenHosts, connectHosts);
        }
    }

    /** Defaults for a server started outside Spring (tests, benchmarks): free ports, no peers. */
    public static TalkerProperties defaults() {
        return new TalkerProperties(0, "127.0.0.1", null, null, BOUND_DEFAULTS.limits, BOUND_DEFAULTS.peers);
    }

    public TalkerProperties withServerId(@Nullable String id) {
        return new TalkerProperties(port, bindAddress, id, operatorPasswordHash, limits, peers);
    }

    public TalkerProperties withOperatorPasswordHash(@Nullable String hash) {
        return new TalkerProperties(port, bindAddress, serverId, hash, limits, peers);
    }

    public TalkerProperties withLimits(Limits newLimits) {
        return new TalkerProperties(port, bindAddress, serverId, operatorPasswordHash, newLimits, peers);
    }

    public TalkerProperties withPeers(Peers newPeers) {
        return new TalkerProperties(port, bindAddress, serverId, operatorPasswordHash, limits, newPeers);
    }
}
