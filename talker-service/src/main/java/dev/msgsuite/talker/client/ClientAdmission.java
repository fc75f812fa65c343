package dev.msgsuite.talker.client;

import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.wire.LineEncoder;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Caps client connections, in all and per address (an IPv6 client usually owns a whole /64, so
 * that counts as one address). A connection over a cap gets one error line and is closed before
 * it joins: nobody hears of it, so a connection flood costs no join fan-out. Shared by every
 * client channel of one server, on its one event loop.
 */
@ChannelHandler.Sharable
final class ClientAdmission extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<String> ADMITTED = AttributeKey.valueOf("talker.client.admitted");

    private final int maxClients;

    private final int maxPerAddress;

    private final TalkerMetrics metrics;

    private final Map<String, Integer> perAddress = new HashMap<>();

    private int clients;

    ClientAdmission(int maxClients, int maxPerAddress, TalkerMetrics metrics) {
        this.maxClients = maxClients;
        this.maxPerAddress = maxPerAddress;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String address = addressKey(ctx.channel().remoteAddress());
        if (this.clients >= this.maxClients) {
            refuse(ctx, "max-clients", "Error: the server is full (" + this.maxClients + " clients); try again later");
            return;
        }
        if (this.perAddress.getOrDefault(address, 0) >= this.maxPerAddress) {
            refuse(ctx, "max-clients-per-address",
                    "Error: too many connections from your address (at most " + this.maxPerAddress + ")");
            return;
        }
        this.clients++;
        this.perAddress.merge(address, 1, Integer::sum);
        ctx.channel().attr(ADMITTED).set(address);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (ctx.channel().attr(ADMITTED).get() != null) {
            ctx.fireChannelRead(message);
        }
        else {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String address = ctx.channel().attr(ADMITTED).getAndSet(null);
        if (address != null) {
            this.clients--;
            this.perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
        ctx.fireChannelInactive();
    }

    /** Connections admitted now (for tests and health). */
    int clients() {
        return this.clients;
    }

    private void refuse(ChannelHandlerContext ctx, String reason, String line) {
        this.metrics.clientRefused(reason);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(LineEncoder.encode(ctx.alloc(), line)).addListener(ChannelFutureListener.CLOSE);
    }

    static String addressKey(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return String.valueOf(remote);
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        }
        return address.getHostAddress();
    }
}
