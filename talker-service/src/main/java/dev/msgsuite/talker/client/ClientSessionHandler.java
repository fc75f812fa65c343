package dev.msgsuite.talker.client;

import dev.msgsuite.support.logging.LogSafe;
import dev.msgsuite.talker.core.TalkerCore;
import dev.msgsuite.talker.chat.ClientSession;
import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.RejectedLine;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a client's lines to the talker core; framing errors become one error line to the client. */
final class ClientSessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientSessionHandler.class);

    private final TalkerCore core;

    private final TalkerMetrics metrics;

    private final int maxLineBytes;

    private final SharedLineEncoder encoder;

    private @Nullable ClientSession session;

    ClientSessionHandler(TalkerCore core, TalkerMetrics metrics, int maxLineBytes, SharedLineEncoder encoder) {
        this.core = core;
        this.encoder = encoder;
        this.metrics = metrics;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.session = this.core.connect(new NettyClientConnection(ctx.channel(), this.metrics, this.encoder));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ClientSession current = this.session;
        if (current == null) {
            return;
        }
        if (message instanceof String line) {
            this.core.line(current, line);
        }
        else if (message instanceof RejectedLine rejected) {
            reject(current, rejected.reason());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (this.session != null) {
            this.core.disconnect(this.session);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException && this.session != null) {
            reject(this.session, "line longer than " + this.maxLineBytes + " bytes");
            return;
        }
        log.debug("Client {} failed: {}", ctx.channel().remoteAddress(), LogSafe.escape(cause.toString()));
        ctx.close();
    }

    private void reject(ClientSession current, String reason) {
        this.metrics.clientLineRejected();
        current.send("Error: " + reason + "; line ignored");
    }
}
