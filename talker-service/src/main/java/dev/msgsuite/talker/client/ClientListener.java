package dev.msgsuite.talker.client;

import dev.msgsuite.talker.core.TalkerCore;
import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.ops.TalkerMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Binds the client port. */
public final class ClientListener {

    private ClientListener() {
    }

    public static Channel bind(EventLoop loop, TalkerCore core, TalkerProperties properties, TalkerMetrics metrics)
            throws InterruptedException {
        int high = Math.max(2, properties.limits().outboundBufferBytes());
        return new ServerBootstrap().group(loop, loop)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
            .childHandler(new ClientChannelInitializer(core, properties.limits(), metrics))
            .bind(properties.bindAddress(), properties.port())
            .sync()
            .channel();
    }
}
