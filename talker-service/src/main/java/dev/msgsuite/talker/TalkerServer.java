package dev.msgsuite.talker;

import dev.msgsuite.support.logging.LogSafe;
import dev.msgsuite.talker.client.ClientListener;
import dev.msgsuite.talker.commands.BcryptPasswordCheck;
import dev.msgsuite.talker.commands.OperatorLogin;
import dev.msgsuite.talker.commands.OperatorThrottle;
import dev.msgsuite.talker.core.TalkerCore;
import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.peers.PeerNetwork;
import dev.msgsuite.talker.settings.TalkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * One talker server: the client port, the peer listener and links, all on one event loop thread
 * so that the core needs no locks.
 */
public final class TalkerServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TalkerServer.class);

    // A few operators may log in at once; beyond that attempts are refused as busy, not queued.
    private static final int OPERATOR_CHECK_QUEUE = 8;

    private final TalkerProperties properties;

    private final TalkerMetrics metrics;

    private final String serverId;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final EventLoop loop = this.group.next();

    private final PeerNetwork peers;

    private final TalkerCore core;

    private final @Nullable BcryptPasswordCheck operatorPassword;

    private @Nullable Channel clientChannel;

    /** A server outside Spring (tests, benchmarks): operator password hashes are read as bcrypt. */
    public TalkerServer(TalkerProperties properties, MeterRegistry registry) {
        this(properties, registry, bcrypt());
    }

    public TalkerServer(TalkerProperties properties, MeterRegistry registry, PasswordEncoder passwordEncoder) {
        this.properties = properties;
        this.metrics = new TalkerMetrics(registry);
        String configuredId = properties.serverId();
        this.serverId = configuredId == null || configuredId.isBlank() ? randomId() : configuredId;
        // A random id is new at every start, so ids may restart at 1 like the original; a fixed id
        // must never reuse an id the mesh has seen, hence a clock-based start.
        long firstMessageId = configuredId == null || configuredId.isBlank() ? 1 : System.currentTimeMillis() * 1000;
        this.peers = new PeerNetwork(this.loop, properties.peers(), properties.limits(), this.metrics);
        String hash = properties.operatorPasswordHash();
        this.operatorPassword = hash == null ? null
                : new BcryptPasswordCheck(passwordEncoder, hash, this.loop, OPERATOR_CHECK_QUEUE);
        if (hash == null) {
            log.info("No talker.operator-password-hash: operator commands are not available");
        }
        this.core = new TalkerCore(properties, this.serverId, firstMessageId,
                (delay, task) -> this.loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS), this.peers,
                new OperatorLogin(this.operatorPassword, OperatorThrottle.standard(System::nanoTime), this.metrics),
                this.metrics);
        this.peers.attach(this.core);
    }

    public void start() throws Exception {
        this.clientChannel = ClientListener.bind(this.loop, this.core, this.properties, this.metrics);
        log.info("Talker {} accepts clients on {}", this.serverId, this.clientChannel.localAddress());
        Integer listenPort = this.properties.peers().listenPort();
        if (listenPort != null) {
            String reply = ask(done -> this.peers.listen(this.properties.peers().listenHost(), listenPort, done));
            if (!reply.startsWith("Listening")) {
                throw new IllegalStateException(reply);
            }
            log.info("{}", LogSafe.escape(reply));
            String secret = this.properties.peers().secret();
            if ((secret == null || secret.isEmpty()) && !loopback(this.properties.peers().listenHost())) {
                log.warn("Peers are accepted on {} without talker.peers.secret (TALKER_PEERS_SECRET): anyone who "
                        + "reaches that port joins the mesh and may speak as anyone",
                        this.properties.peers().listenHost());
            }
        }
        long heartbeat = this.properties.peers().heartbeat().toMillis();
        if (heartbeat > 0) {
            this.loop.scheduleAtFixedRate(() -> this.core.mesh().heartbeat(), heartbeat, heartbeat,
                    TimeUnit.MILLISECONDS);
        }
        for (String target : this.properties.peers().connect()) {
            int colon = target.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("talker.peers.connect entries are host:port, not " + target);
            }
            String host = target.substring(0, colon);
            int port = Integer.parseInt(target.substring(colon + 1));
            this.loop.execute(() -> this.peers.connect(host, port, log::info));
        }
    }

    /** Hands this server's own speech to {@code listener} (see {@link dev.msgsuite.talker.chat.Chat#onLocalSpeech}). */
    public void onLocalSpeech(dev.msgsuite.talker.chat.SpeechListener listener) {
        this.core.chat().onLocalSpeech(listener);
    }

    public String serverId() {
        return this.serverId;
    }

    public int clientPort() {
        Channel channel = this.clientChannel;
        if (channel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Port of the peer listener; fails when there is none. */
    public int peerPort() throws Exception {
        return call(() -> this.peers.listenPort().orElseThrow(() -> new IllegalStateException("no peer listener")));
    }

    public TalkerMetrics metrics() {
        return this.metrics;
    }

    /** Servers reachable from here, this one included. */
    public Set<String> reachable() throws Exception {
        return call(() -> Set.copyOf(this.core.mesh().reachable()));
    }

    public List<String> users() throws Exception {
        return call(() -> List.copyOf(this.core.chat().names()));
    }

    @Override
    public void close() {
        try {
            call(() -> {
                this.core.chat().local("Server shutting down, bye");
                this.peers.close();
                if (this.clientChannel != null) {
                    this.clientChannel.close();
                }
                return null;
            });
        }
        catch (Exception ex) {
            log.debug("Closing talker {}: {}", this.serverId, ex.toString());
        }
        this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (this.operatorPassword != null) {
            this.operatorPassword.close();
        }
    }

    private <T> T call(Callable<T> task) throws Exception {
        if (this.loop.inEventLoop()) {
            return task.call();
        }
        return this.loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    private String ask(java.util.function.Consumer<java.util.function.Consumer<String>> request) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        this.loop.execute(() -> request.accept(reply::complete));
        return reply.get(10, TimeUnit.SECONDS);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }

    private static PasswordEncoder bcrypt() {
        DelegatingPasswordEncoder encoder =
                (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        encoder.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder());
        return encoder;
    }

    private static String randomId() {
        byte[] bytes = new byte[10];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
