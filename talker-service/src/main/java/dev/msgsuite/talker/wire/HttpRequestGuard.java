package dev.msgsuite.talker.wire;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection whose first line is an HTTP request before any of its lines is handled.
 * It can hold back {@code channelActive} (the client's welcome and the join everyone hears) until
 * the first line arrives or {@code holdActive} passes, so that a browser's request goes unheard;
 * a browser sends its request at once. Lines refused for length do not count as the first line:
 * padding the request target must not get the header lines through. Sits after line decoding.
 */
public final class HttpRequestGuard extends ChannelInboundHandlerAdapter {

    static final String REFUSAL = "Error: this is a line-based talker, not an HTTP server";

    private final Duration holdActive;

    private final Runnable onRefused;

    private boolean activeHeld;

    private boolean refused;

    private @Nullable ScheduledFuture<?> release;

    /**
     * @param holdActive how long {@code channelActive} waits for the first line; zero passes it on at once
     * @param onRefused counts a refused connection
     */
    public HttpRequestGuard(Duration holdActive, Runnable onRefused) {
        this.holdActive = holdActive;
        this.onRefused = onRefused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (this.holdActive.isZero() || this.holdActive.isNegative()) {
            ctx.fireChannelActive();
            return;
        }
        this.activeHeld = true;
        this.release = ctx.executor().schedule(() -> releaseActive(ctx), this.holdActive.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (this.refused) {
            return;
        }
        if (message instanceof String line && HttpRequests.looksLikeHttp(line)) {
            this.refused = true;
            cancelRelease();
            this.onRefused.run();
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(LineEncoder.encode(ctx.alloc(), REFUSAL)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        releaseActive(ctx);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || this.refused) {
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelRelease();
        ctx.fireChannelInactive();
    }

    private void releaseActive(ChannelHandlerContext ctx) {
        cancelRelease();
        if (this.activeHeld && !this.refused && ctx.channel().isActive()) {
            this.activeHeld = false;
            ctx.fireChannelActive();
        }
    }

    private void cancelRelease() {
        if (this.release != null) {
            this.release.cancel(false);
            this.release = null;
        }
    }
}
