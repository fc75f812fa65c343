package dev.msgsuite.talker.client;

import dev.msgsuite.talker.core.TalkerCore;
import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.HttpRequestGuard;
import dev.msgsuite.talker.wire.Utf8LineDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * A client's pipeline: connection caps, idle check, line framing, UTF-8, refusal of HTTP requests (before the
 * session joins), rate limit, then the session.
 */
final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final TalkerCore core;

    private final TalkerProperties.Limits limits;

    private final TalkerMetrics metrics;

    private final SharedLineEncoder encoder = new SharedLineEncoder();

    private final ClientAdmission admission;

    ClientChannelInitializer(TalkerCore core, TalkerProperties.Limits limits, TalkerMetrics metrics) {
        this.core = core;
        this.limits = limits;
        this.metrics = metrics;
        this.admission = new ClientAdmission(limits.maxClients(), limits.maxClientsPerAddress(), metrics);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
            .addLast("admission", this.admission)
            .addLast("flush", new FlushConsolidationHandler(256, true))
            .addLast("idle", new IdleStateHandler(this.limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
            .addLast("idleDisconnect", new IdleDisconnectHandler(this.limits.idleTimeout(), this.metrics))
            .addLast("lines", new LineBasedFrameDecoder(this.limits.maxLineBytes() + 1, true, true))
            .addLast("utf8", new Utf8LineDecoder(this.limits.maxLineBytes()))
            .addLast("countIn", new LineCounter(this.metrics))
            .addLast("httpGuard", new HttpRequestGuard(this.limits.firstLineWait(),
                    () -> this.metrics.clientDisconnected("http")))
            .addLast("floodGuard",
                    new FloodGuardHandler(this.limits.linesPerSecond(), this.limits.burst(), this.metrics))
            .addLast("session", new ClientSessionHandler(this.core, this.metrics, this.limits.maxLineBytes(), this.encoder));
    }
}
