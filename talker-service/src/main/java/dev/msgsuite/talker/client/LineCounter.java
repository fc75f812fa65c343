package dev.msgsuite.talker.client;

import dev.msgsuite.talker.ops.TalkerMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts every framed client line, accepted or not. */
@ChannelHandler.Sharable
final class LineCounter extends ChannelInboundHandlerAdapter {

    private final TalkerMetrics metrics;

    LineCounter(TalkerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        this.metrics.clientLineIn();
        ctx.fireChannelRead(message);
    }
}
