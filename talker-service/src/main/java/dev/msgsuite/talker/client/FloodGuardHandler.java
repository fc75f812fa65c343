package dev.msgsuite.talker.client;

import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.LineEncoder;
import dev.msgsuite.talker.wire.TokenBucket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Per-client rate limit (a token bucket): lines over the limit are refused, and the client is told
 * so at most once a second with how many went unheard.
 */
final class FloodGuardHandler extends ChannelInboundHandlerAdapter {

    private final TokenBucket bucket;

    private final TalkerMetrics metrics;

    private final int linesPerSecond;

    private long refusedSinceWarning;

    private long lastWarningNanos = Long.MIN_VALUE / 2;

    FloodGuardHandler(int linesPerSecond, int burst, TalkerMetrics metrics) {
        this.bucket = new TokenBucket(linesPerSecond, burst, System::nanoTime);
        this.metrics = metrics;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (this.bucket.tryTake()) {
            ctx.fireChannelRead(message);
            return;
        }
        this.metrics.clientLineRejected();
        this.refusedSinceWarning++;
        long now = System.nanoTime();
        if (now - this.lastWarningNanos >= 1_000_000_000L) {
            this.lastWarningNanos = now;
            ctx.writeAndFlush(LineEncoder.encode(ctx.alloc(), "Error: slow down, at most " + this.linesPerSecond
                    + " lines per second; " + this.refusedSinceWarning + " line(s) ignored"), ctx.voidPromise());
            this.metrics.clientLineOut();
            this.refusedSinceWarning = 0;
        }
    }
}
