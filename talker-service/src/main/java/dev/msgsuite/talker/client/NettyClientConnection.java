package dev.msgsuite.talker.client;

import dev.msgsuite.talker.chat.ClientConnection;
import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.LineEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's channel. Output beyond the channel's high water mark means the client does not read:
 * it is disconnected with a reason rather than buffered without bound.
 */
final class NettyClientConnection implements ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(NettyClientConnection.class);

    // Long enough for a client that finally reads to get its reason, short enough to free the slot.
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final Channel channel;

    private final TalkerMetrics metrics;

    private final SharedLineEncoder encoder;

    private boolean closing;

    NettyClientConnection(Channel channel, TalkerMetrics metrics, SharedLineEncoder encoder) {
        this.channel = channel;
        this.metrics = metrics;
        this.encoder = encoder;
    }

    @Override
    public void send(String line) {
        if (this.closing) {
            return;
        }
        if (!this.channel.isWritable()) {
            this.metrics.clientDisconnected("slow");
            log.info("Disconnecting {}: output backlog over {} bytes", remoteAddress(),
                    this.channel.config().getWriteBufferHighWaterMark());
            close("Disconnected: you are not reading fast enough (output backlog full)");
            return;
        }
        this.channel.writeAndFlush(this.encoder.encode(this.channel.alloc(), line), this.channel.voidPromise());
    }

    @Override
    public void close(String reason) {
        if (this.closing) {
            return;
        }
        this.closing = true;
        this.channel.config().setAutoRead(false);
        this.channel.writeAndFlush(LineEncoder.encode(this.channel.alloc(), reason))
            .addListener(ChannelFutureListener.CLOSE);
        this.channel.eventLoop().schedule(() -> {
            this.channel.close();
        }, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(this.channel.remoteAddress());
    }

    @Override
    public String remoteHost() {
        return this.channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : String.valueOf(this.channel.remoteAddress());
    }
}
