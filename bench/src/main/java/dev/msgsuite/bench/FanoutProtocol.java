package dev.msgsuite.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * How one publish-subscribe protocol subscribes, publishes and delivers for the fan-out
 * benchmark. Every message carries the same bytes whatever the protocol: a skill-bus data
 * packet of the configured size whose payload starts with the send time in nanoseconds.
 */
interface FanoutProtocol {

    String TOPIC = "bench";

    /** The websocket subprotocol to ask for, or null. */
    String subprotocol();

    /** Sends what makes {@code channel} receive every message published on the topic. */
    void subscribe(Channel channel, boolean stalled);

    /** Sends what a publisher must send before its first message. */
    void preparePublisher(Channel channel);

    /** A frame that publishes {@code packet} on the topic. */
    WebSocketFrame publish(byte[] packet);

    /** The buffer holding the delivered packet inside {@code frame}, or null for a frame that is not a delivery. */
    ByteBuf packetOf(WebSocketFrame frame);

    /** Sends what the protocol requires after a delivery (an ack), if anything. */
    default void delivered(Channel channel, WebSocketFrame frame) {
    }

    static FanoutProtocol of(String target, String mode) {
        return switch (target + "/" + mode) {
            case "bus/fastpush" -> new BusFastPush();
            case "bus/prefetch" -> new BusPrefetch(100, 10);
            case "stomp/fastpush" -> new StompTopic();
            default -> throw new IllegalArgumentException("unsupported target/mode: " + target + "/" + mode);
        };
    }

    /** bus-server protocol v1 with fast-push: packets stream to each subscriber without acks. */
    final class BusFastPush implements FanoutProtocol {

        @Override
        public String subprotocol() {
            return null;
        }

        @Override
        public void subscribe(Channel channel, boolean stalled) {
            channel.write(new TextWebSocketFrame("{\"register\":\"" + TOPIC + "\"}"));
            // A stalled subscriber stays in pull mode and never acks: the server must hold its queue.
            channel.writeAndFlush(new TextWebSocketFrame("{\"fastpush\":" + !stalled + "}"));
        }

        @Override
        public void preparePublisher(Channel channel) {
        }

        @Override
        public WebSocketFrame publish(byte[] packet) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(packet));
        }

        @Override
        public ByteBuf packetOf(WebSocketFrame frame) {
            return frame instanceof BinaryWebSocketFrame ? frame.content() : null;
        }
    }

    /**
     * bus-server protocol v2 in prefetch mode: up to {@code prefetch} deliveries in flight per
     * subscriber, acknowledged cumulatively every {@code ackEvery} deliveries, as AMQP clients do.
     */
    final class BusPrefetch implements FanoutProtocol {

        private static final io.netty.util.AttributeKey<long[]> UNACKED = io.netty.util.AttributeKey.valueOf("unacked");

        private final int prefetch;

        private final int ackEvery;

        BusPrefetch(int prefetch, int ackEvery) {
            this.prefetch = prefetch;
            this.ackEvery = ackEvery;
        }

        @Override
        public String subprotocol() {
            return "skillbus.v2";
        }

        @Override
        public void subscribe(Channel channel, boolean stalled) {
            channel.attr(UNACKED).set(new long[1]);
            channel.write(new TextWebSocketFrame("{\"op\":\"register\",\"skill\":\"" + TOPIC + "\"}"));
            // A stalled subscriber takes one delivery and never acknowledges it.
            channel.writeAndFlush(new TextWebSocketFrame("{\"op\":\"prefetch\",\"count\":" + (stalled ? 1 : this.prefetch) + "}"));
        }

        @Override
        public void preparePublisher(Channel channel) {
        }

        @Override
        public WebSocketFrame publish(byte[] packet) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(packet));
        }

        @Override
        public ByteBuf packetOf(WebSocketFrame frame) {
            if (!(frame instanceof BinaryWebSocketFrame) || frame.content().readableBytes() < 8) {
                return null;
            }
            ByteBuf content = frame.content();
            return content.slice(content.readerIndex() + 8, content.readableBytes() - 8);
        }

        @Override
        public void delivered(Channel channel, WebSocketFrame frame) {
            long[] unacked = channel.attr(UNACKED).get();
            if (++unacked[0] >= this.ackEvery) {
                unacked[0] = 0;
                long id = frame.content().getLong(frame.content().readerIndex());
                channel.writeAndFlush(new TextWebSocketFrame("{\"op\":\"ack\",\"id\":" + id + ",\"multiple\":true}"));
            }
        }
    }

    /** STOMP over websocket (RabbitMQ Web-STOMP): one topic destination, auto-ack subscriptions. */
    final class StompTopic implements FanoutProtocol {

        private static final String DESTINATION = "/topic/" + TOPIC;

        @Override
        public String subprotocol() {
            return "v12.stomp";
        }

        @Override
        public void subscribe(Channel channel, boolean stalled) {
            if (stalled) {
                throw new IllegalArgumentException("the stalled-consumer run is defined for bus-server only");
            }
            connect(channel);
            channel.writeAndFlush(frame("SUBSCRIBE\nid:0\ndestination:" + DESTINATION + "\nack:auto\n\n"));
        }

        @Override
        public void preparePublisher(Channel channel) {
            connect(channel);
            channel.flush();
        }

        @Override
        public WebSocketFrame publish(byte[] packet) {
            byte[] head = ("SEND\ndestination:" + DESTINATION + "\ncontent-length:" + packet.length + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(head, packet, new byte[] { 0 }));
        }

        @Override
        public ByteBuf packetOf(WebSocketFrame frame) {
            ByteBuf content = frame.content();
            int start = content.readerIndex();
            if (!(frame instanceof TextWebSocketFrame) || content.readableBytes() < 8
                    || content.getByte(start) != 'M') {
                return null;
            }
            int end = content.writerIndex();
            for (int i = start; i < end - 1; i++) {
                if (content.getByte(i) == '\n' && content.getByte(i + 1) == '\n') {
                    return content.slice(i + 2, end - i - 2);
                }
            }
            return null;
        }

        private static void connect(Channel channel) {
            channel.write(frame("CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\n\n"));
        }

        private static TextWebSocketFrame frame(String headers) {
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(headers.getBytes(StandardCharsets.UTF_8), new byte[] { 0 }));
        }
    }
}
