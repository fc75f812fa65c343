package dev.msgsuite.talker.peers;

import dev.msgsuite.support.logging.LogSafe;
import dev.msgsuite.talker.mesh.PeerLink;
import dev.msgsuite.talker.wire.LineEncoder;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A peer's channel; a peer that lets its backlog pass the high water mark is dropped (and redialled if wanted). */
final class NettyPeerLink implements PeerLink {

    private static final Logger log = LoggerFactory.getLogger(NettyPeerLink.class);

    private final Channel channel;

    private final String address;

    private final boolean outgoing;

    NettyPeerLink(Channel channel, String address, boolean outgoing) {
        this.channel = channel;
        this.address = address;
        this.outgoing = outgoing;
    }

    @Override
    public void send(String line) {
        if (!this.channel.isWritable()) {
            close("output backlog full");
            return;
        }
        this.channel.writeAndFlush(LineEncoder.encode(this.channel.alloc(), line), this.channel.voidPromise());
    }

    @Override
    public void close(String reason) {
        if (this.channel.isOpen()) {
            log.info("Dropping peer link {}: {}", LogSafe.escape(this.address), reason);
            this.channel.close();
        }
    }

    @Override
    public String address() {
        return this.address;
    }

    @Override
    public boolean outgoing() {
        return this.outgoing;
    }

    Channel channel() {
        return this.channel;
    }

    boolean matches(String host, int port) {
        if (this.address.equals(host + ":" + port)) {
            return true;
        }
        SocketAddress remote = this.channel.remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getPort() == port
                && (host.equals(inet.getHostString())
                        || (inet.getAddress() != null && host.equals(inet.getAddress().getHostAddress())));
    }

    @Override
    public String toString() {
        return this.address;
    }
}
