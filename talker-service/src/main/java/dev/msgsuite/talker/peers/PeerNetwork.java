package dev.msgsuite.talker.peers;

import dev.msgsuite.talker.core.TalkerCore;
import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.commands.PeerControl;
import dev.msgsuite.talker.mesh.PeerLink;
import dev.msgsuite.talker.ops.TalkerMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Peer listeners and outgoing peer links of one server. Every link it dials is redialled with
 * backoff until {@code /peer-kill}. Runs on the server's event loop.
 */
public final class PeerNetwork implements PeerControl {

    private final EventLoop loop;

    private final TalkerProperties.Peers settings;

    private final TalkerMetrics metrics;

    private final int maxPeers;

    private final int linesPerSecond;

    private final Map<String, Channel> listeners = new LinkedHashMap<>();

    private final Map<String, PeerDialer> dialers = new LinkedHashMap<>();

    private final List<NettyPeerLink> links = new ArrayList<>();

    private @Nullable TalkerCore core;

    public PeerNetwork(EventLoop loop, TalkerProperties.Peers settings, TalkerProperties.Limits limits,
            TalkerMetrics metrics) {
        this.loop = loop;
        this.settings = settings;
        this.maxPeers = limits.maxPeers();
        this.linesPerSecond = limits.peerLinesPerSecond();
        this.metrics = metrics;
    }

    public void attach(TalkerCore talker) {
        this.core = talker;
    }

    @Override
    public void listen(String host, int port, Consumer<String> reply) {
        String key = host + ":" + port;
        if (this.listeners.containsKey(key)) {
            reply.accept("Already listening for peers on " + key);
            return;
        }
        ServerBootstrap bootstrap = new ServerBootstrap().group(this.loop, this.loop)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .childHandler(new PeerChannelInitializer(core(), this.settings, this.linesPerSecond, this.metrics, false,
                    () -> peerCount() < this.maxPeers, this::incoming));
        bootstrap.bind(host, port).addListener(future -> {
            if (future.isSuccess()) {
                Channel channel = ((ChannelFuture) future).channel();
                this.listeners.put(key, channel);
                reply.accept("Listening for peers on " + host + ":" + ((InetSocketAddress) channel.localAddress()).getPort());
            }
            else {
                reply.accept("Cannot listen for peers on " + key + ": " + future.cause().getMessage());
            }
        });
    }

    @Override
    public void connect(String host, int port, Consumer<String> reply) {
        String key = host + ":" + port;
        if (this.dialers.containsKey(key)) {
            reply.accept("Already linked (or linking) to " + key);
            return;
        }
        if (peerCount() >= this.maxPeers) {
            this.metrics.peerRefused("max-peers");
            reply.accept("Cannot link to " + key + ": already " + this.maxPeers + " peers (talker.limits.max-peers)");
            return;
        }
        Bootstrap bootstrap = new Bootstrap().group(this.loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .handler(new PeerChannelInitializer(core(), this.settings, this.linesPerSecond, this.metrics, true,
                    () -> true, channel -> track(new NettyPeerLink(channel, key, true))));
        PeerDialer dialer = new PeerDialer(bootstrap, host, port, this.loop, this.settings.reconnectMin(),
                this.settings.reconnectMax());
        this.dialers.put(key, dialer);
        dialer.start(reply);
    }

    @Override
    public boolean disconnect(String host, int port) {
        boolean found = false;
        PeerDialer dialer = this.dialers.remove(host + ":" + port);
        if (dialer != null) {
            dialer.stop();
            found = true;
        }
        for (NettyPeerLink link : List.copyOf(this.links)) {
            if (link.matches(host, port)) {
                link.close("/peer-kill");
                found = true;
            }
        }
        Channel listener = this.listeners.remove(host + ":" + port);
        if (listener != null) {
            listener.close();
            found = true;
        }
        return found;
    }

    /** Port of the first peer listener, if any. */
    public Optional<Integer> listenPort() {
        return this.listeners.values().stream().findFirst()
            .map(channel -> ((InetSocketAddress) channel.localAddress()).getPort());
    }

    public List<PeerLink> links() {
        return List.copyOf(this.links);
    }

    public void close() {
        this.dialers.values().forEach(PeerDialer::stop);
        this.dialers.clear();
        this.listeners.values().forEach(Channel::close);
        this.listeners.clear();
        List.copyOf(this.links).forEach(link -> link.close("shutting down"));
    }

    // Each dialer holds at most one link; incoming links count one each.
    private int peerCount() {
        return this.dialers.size() + (int) this.links.stream().filter(link -> !link.outgoing()).count();
    }

    private NettyPeerLink incoming(Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        return track(new NettyPeerLink(channel, remote.getHostString() + ":" + remote.getPort(), false));
    }

    private NettyPeerLink track(NettyPeerLink link) {
        this.links.add(link);
        link.channel().closeFuture().addListener(future -> this.links.remove(link));
        return link;
    }

    private WriteBufferWaterMark waterMark() {
        int high = Math.max(2, this.settings.outboundBufferBytes());
        return new WriteBufferWaterMark(high / 2, high);
    }

    private TalkerCore core() {
        if (this.core == null) {
            throw new IllegalStateException("PeerNetwork used before attach()");
        }
        return this.core;
    }
}
