package dev.msgsuite.talker.peers;

import dev.msgsuite.talker.core.TalkerCore;
import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.HttpRequestGuard;
import dev.msgsuite.talker.wire.TokenBucket;
import dev.msgsuite.talker.wire.Utf8LineDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A peer's pipeline: the link cap, line framing, line rate, UTF-8, refusal of HTTP requests, the shared-secret check when
 * configured, then the mesh.
 */
final class PeerChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final TalkerCore core;

    private final TalkerProperties.Peers settings;

    private final TalkerMetrics metrics;

    private final boolean dialer;

    private final Function<SocketChannel, NettyPeerLink> links;

    private final @Nullable PeerProof proof;

    private final int linesPerSecond;

    private final BooleanSupplier roomForAnother;

    // One initializer per listener or dialled peer, all on the server's event loop.
    private final TokenBucket refusalWarnings = new TokenBucket(1, 10, System::nanoTime);

    /**
     * @param roomForAnother whether one more incoming link fits under {@code talker.limits.max-peers}
     */
    PeerChannelInitializer(TalkerCore core, TalkerProperties.Peers settings, int linesPerSecond, TalkerMetrics metrics,
            boolean dialer, BooleanSupplier roomForAnother, Function<SocketChannel, NettyPeerLink> links) {
        this.core = core;
        this.settings = settings;
        this.linesPerSecond = linesPerSecond;
        this.metrics = metrics;
        this.dialer = dialer;
        this.roomForAnother = roomForAnother;
        this.links = links;
        String secret = settings.secret();
        this.proof = secret == null || secret.isEmpty() ? null : new PeerProof(secret);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (!this.dialer && !this.roomForAnother.getAsBoolean()) {
            this.metrics.peerRefused("max-peers");
            channel.close();
            return;
        }
        long idleMillis = this.settings.idleTimeout().toMillis();
        if (idleMillis > 0) {
            channel.pipeline()
                .addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS))
                .addLast("idleDisconnect", new PeerIdleHandler());
        }
        channel.pipeline()
            .addLast("flush", new FlushConsolidationHandler(256, true))
            .addLast("lines", new LineBasedFrameDecoder(this.settings.maxLineBytes(), true, true))
            .addLast("rate", new PeerRateLimitHandler(this.linesPerSecond, this.metrics))
            .addLast("utf8", new Utf8LineDecoder())
            .addLast("httpGuard", new HttpRequestGuard(Duration.ZERO, () -> this.metrics.peerRefused("http")));
        if (this.proof != null) {
            channel.pipeline()
                .addLast("auth", new PeerAuthHandler(this.proof, this.dialer, this.metrics, this.refusalWarnings));
        }
        channel.pipeline().addLast("mesh",
                new PeerSessionHandler(this.core, this.metrics, this.links.apply(channel), this.proof != null));
    }
}
