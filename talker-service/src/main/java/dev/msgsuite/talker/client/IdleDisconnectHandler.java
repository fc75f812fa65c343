package dev.msgsuite.talker.client;

import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.LineEncoder;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;

/** Drops a client silent for too long: half-open connections must not hold a slot forever. */
final class IdleDisconnectHandler extends ChannelInboundHandlerAdapter {

    private final Duration timeout;

    private final TalkerMetrics metrics;

    IdleDisconnectHandler(Duration timeout, TalkerMetrics metrics) {
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            this.metrics.clientDisconnected("idle");
            ctx.writeAndFlush(LineEncoder.encode(ctx.alloc(), "Disconnected: idle for " + describe(this.timeout)))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    private static String describe(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }
}
