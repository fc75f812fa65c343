package dev.msgsuite.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Many websocket connections on a small Netty event loop: the load client must cost far less
 * CPU than the server it measures, so frames are handled on the loop without copies or threads.
 */
final class WebSocketClients implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group;

    private final boolean offerDeflate;

    private final LongAdder bytesReceived = new LongAdder();

    private final ChannelHandler wireCounter = new WireCounter(this.bytesReceived);

    /**
     * @param offerDeflate offer {@code permessage-deflate; client_max_window_bits} in every
     * handshake, as browsers and Node's {@code ws} do, and inflate what the server compresses
     */
    WebSocketClients(int threads, boolean offerDeflate) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.offerDeflate = offerDeflate;
    }

    /**
     * Opens a connection and completes once the websocket handshake is done.
     *
     * @param onFrame called on the event loop for every data frame received (the frame is
     * released after the call)
     */
    CompletableFuture<Channel> connect(URI uri, String subprotocol, BiConsumer<Channel, WebSocketFrame> onFrame) {
        CompletableFuture<Channel> opened = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).subprotocol(subprotocol).maxFramePayloadLength(1 << 20)
                // compressed frames carry RSV1: the frame decoder must let it through to the inflater
                .allowExtensions(this.offerDeflate)
                .handshakeTimeoutMillis(30_000).build();
        Bootstrap bootstrap = new Bootstrap().group(this.group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(WebSocketClients.this.wireCounter, new HttpClientCodec(),
                                new HttpObjectAggregator(1 << 16));
                        if (WebSocketClients.this.offerDeflate) {
                            // only permessage-deflate, the one extension browsers offer (Netty would add deflate-frame)
                            channel.pipeline().addLast(new WebSocketClientExtensionHandler(
                                    new PerMessageDeflateClientExtensionHandshaker()));
                        }
                        channel.pipeline().addLast(new WebSocketClientProtocolHandler(config), new FrameHandler(opened, onFrame));
                    }
                });
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        bootstrap.connect(uri.getHost(), port).addListener(future -> {
            if (!future.isSuccess()) {
                opened.completeExceptionally(future.cause());
            }
        });
        return opened;
    }

    boolean offersDeflate() {
        return this.offerDeflate;
    }

    /** Bytes read from all connections' sockets so far: frames as they travel, headers and compression included. */
    long bytesReceived() {
        return this.bytesReceived.sum();
    }

    /** Counts what arrives from the socket, before any decoding. */
    @ChannelHandler.Sharable
    private static final class WireCounter extends ChannelInboundHandlerAdapter {

        private final LongAdder bytes;

        WireCounter(LongAdder bytes) {
            this.bytes = bytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buffer) {
                this.bytes.add(buffer.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void close() {
        this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final CompletableFuture<Channel> opened;

        private final BiConsumer<Channel, WebSocketFrame> onFrame;

        FrameHandler(CompletableFuture<Channel> opened, BiConsumer<Channel, WebSocketFrame> onFrame) {
            this.opened = opened;
            this.onFrame = onFrame;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                this.opened.complete(ctx.channel());
            }
            else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                this.opened.completeExceptionally(new IllegalStateException("websocket handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            this.onFrame.accept(ctx.channel(), frame);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            this.opened.completeExceptionally(cause);
            ctx.close();
        }
    }
}
