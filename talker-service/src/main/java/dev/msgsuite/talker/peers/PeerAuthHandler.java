package dev.msgsuite.talker.peers;

import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.LineEncoder;
import dev.msgsuite.talker.wire.TokenBucket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a peer into the mesh only after it proved the shared secret; anything else first, or no
 * proof in time, closes the link.
 */
final class PeerAuthHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(PeerAuthHandler.class);

    private static final long TIMEOUT_SECONDS = 10;

    private final PeerProof proof;

    private final TalkerMetrics metrics;

    private final boolean dialer;

    private final TokenBucket warnings;

    private final String nonce = PeerProof.newNonce();

    private boolean proved;

    private boolean verified;

    private @Nullable ScheduledFuture<?> timeout;

    /** @param warnings how often a refusal may be logged as a warning (shared by the listener's links) */
    PeerAuthHandler(PeerProof proof, boolean dialer, TalkerMetrics metrics, TokenBucket warnings) {
        this.proof = proof;
        this.metrics = metrics;
        this.dialer = dialer;
        this.warnings = warnings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        send(ctx, PeerProof.NONCE + this.nonce);
        this.timeout = ctx.executor().schedule(() -> refuse(ctx, "no proof of the shared secret in time"),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof String line)) {
            refuse(ctx, "unreadable line before authentication");
            return;
        }
        if (line.startsWith(PeerProof.NONCE) && !this.proved) {
            this.proved = true;
            send(ctx, PeerProof.PROOF + this.proof.prove(this.dialer, line.substring(PeerProof.NONCE.length())));
        }
        else if (line.startsWith(PeerProof.PROOF) && !this.verified
                && this.proof.verify(!this.dialer, this.nonce, line.substring(PeerProof.PROOF.length()))) {
            this.verified = true;
        }
        else {
            refuse(ctx, "did not prove the shared secret");
            return;
        }
        if (this.proved && this.verified) {
            if (this.timeout != null) {
                this.timeout.cancel(false);
            }
            ctx.pipeline().remove(this);
            ctx.fireUserEventTriggered(PeerSessionHandler.AUTHENTICATED);
        }
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (ctx.channel().isOpen()) {
            // A connection flood must not become a log flood: the counter has them all.
            if (this.warnings.tryTake()) {
                log.warn("Refusing peer {}: {}", ctx.channel().remoteAddress(), reason);
            }
            else {
                log.debug("Refusing peer {}: {}", ctx.channel().remoteAddress(), reason);
            }
            this.metrics.peerRefused("secret");
            ctx.close();
        }
    }

    private static void send(ChannelHandlerContext ctx, String line) {
        ctx.writeAndFlush(LineEncoder.encode(ctx.alloc(), line), ctx.voidPromise());
    }
}
