package dev.msgsuite.talker.peers;

import dev.msgsuite.support.logging.LogSafe;
import dev.msgsuite.talker.core.TalkerCore;
import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.RejectedLine;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a peer channel to the mesh (at once, or once the peer proved the shared secret) and hands
 * it every line. Lines the framing refused are counted as malformed; the link stays.
 */
final class PeerSessionHandler extends ChannelInboundHandlerAdapter {

    /** Fired by {@link PeerAuthHandler} once the peer proved the secret. */
    static final Object AUTHENTICATED = new Object();

    private static final Logger log = LoggerFactory.getLogger(PeerSessionHandler.class);

    private final TalkerCore core;

    private final TalkerMetrics metrics;

    private final NettyPeerLink link;

    private final boolean awaitAuthentication;

    private boolean joined;

    PeerSessionHandler(TalkerCore core, TalkerMetrics metrics, NettyPeerLink link, boolean awaitAuthentication) {
        this.core = core;
        this.metrics = metrics;
        this.link = link;
        this.awaitAuthentication = awaitAuthentication;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!this.awaitAuthentication) {
            join();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == AUTHENTICATED) {
            join();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!this.joined) {
            return;
        }
        if (message instanceof String line) {
            this.core.mesh().receive(this.link, line);
        }
        else if (message instanceof RejectedLine rejected) {
            this.metrics.peerLineIn();
            this.metrics.malformedDropped();
            log.debug("Dropped a line from peer {}: {}", LogSafe.escape(this.link.address()), rejected.reason());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (this.joined) {
            this.core.mesh().linkDown(this.link);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            this.metrics.peerLineIn();
            this.metrics.malformedDropped();
            log.debug("Dropped an over-long line from peer {}", LogSafe.escape(this.link.address()));
            return;
        }
        log.info("Peer link {} failed: {}", LogSafe.escape(this.link.address()), LogSafe.escape(cause.toString()));
        ctx.close();
    }

    private void join() {
        if (!this.joined) {
            this.joined = true;
            log.info("Peer link {} up", LogSafe.escape(this.link.address()));
            this.core.mesh().linkUp(this.link);
        }
    }
}
