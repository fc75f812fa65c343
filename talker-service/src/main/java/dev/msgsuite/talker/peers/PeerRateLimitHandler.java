package dev.msgsuite.talker.peers;

import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.TokenBucket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Per-link peer line rate (a token bucket holding a second's worth): lines over it are dropped
 * and counted before they are decoded, and the link is kept, since closing it would lose the lines
 * of every server behind it too and the peer would redial at once.
 */
final class PeerRateLimitHandler extends ChannelInboundHandlerAdapter {

    private final TokenBucket bucket;

    private final TalkerMetrics metrics;

    PeerRateLimitHandler(int linesPerSecond, TalkerMetrics metrics) {
        this.bucket = new TokenBucket(linesPerSecond, linesPerSecond, System::nanoTime);
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (this.bucket.tryTake()) {
            ctx.fireChannelRead(message);
            return;
        }
        ReferenceCountUtil.release(message);
        this.metrics.peerLineIn();
        this.metrics.peerLineRefused("rate");
    }
}
