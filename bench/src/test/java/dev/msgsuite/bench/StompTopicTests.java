package dev.msgsuite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StompTopicTests {

    private final FanoutProtocol stomp = new FanoutProtocol.StompTopic();

    @Test
    void publishesTheSamePacketBytesInASendFrame() {
        byte[] packet = Packets.packet(42, 100);

        String frame = this.stomp.publish(packet).content().toString(StandardCharsets.UTF_8);

        assertThat(frame).startsWith("SEND\ndestination:/topic/bench\ncontent-length:100\n\n")
                .endsWith("\"}\0").contains(new String(packet, StandardCharsets.UTF_8));
    }

    @Test
    void findsThePacketInAMessageFrame() {
        byte[] packet = Packets.packet(4242, 100);
        TextWebSocketFrame message = new TextWebSocketFrame(Unpooled.wrappedBuffer(
                "MESSAGE\nsubscription:0\ndestination:/topic/bench\nmessage-id:T_0@@session-1@@1\n\n"
                        .getBytes(StandardCharsets.UTF_8), packet, new byte[] { 0 }));

        ByteBuf found = this.stomp.packetOf(message);

        assertThat(Packets.sentAt(found)).isEqualTo(4242);
    }

    @Test
    void otherFramesAreNotDeliveries() {
        assertThat(this.stomp.packetOf(new TextWebSocketFrame("CONNECTED\nversion:1.2\n\n\0"))).isNull();
        assertThat(this.stomp.packetOf(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Packets.packet(1, 100))))).isNull();
    }
}
