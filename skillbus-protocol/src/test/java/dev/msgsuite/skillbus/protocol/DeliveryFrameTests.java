package dev.msgsuite.skillbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryFrameTests {

    @Test
    void aFrameIsTheBigEndianDeliveryIdFollowedByThePacketBytes() {
        byte[] frame = DeliveryFrame.encode(0x0102030405060708L, new byte[] { 42 });

        assertThat(frame).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 42);
    }

    @Test
    void decodingAnEncodedFrameGivesBackTheIdAndTheExactPacketBytes() {
        byte[] packet = "{\"skill\":\"a.b\"}".getBytes(StandardCharsets.UTF_8);

        byte[] frame = DeliveryFrame.encode(7, packet);

        assertThat(DeliveryFrame.hasHeader(frame)).isTrue();
        assertThat(DeliveryFrame.id(frame)).isEqualTo(7);
        assertThat(DeliveryFrame.packet(frame)).isEqualTo(packet);
    }

    @Test
    void aFrameShorterThanTheHeaderHasNoHeader() {
        assertThat(DeliveryFrame.hasHeader(new byte[DeliveryFrame.HEADER_BYTES - 1])).isFalse();
        assertThat(DeliveryFrame.hasHeader(DeliveryFrame.encode(1, new byte[0]))).isTrue();
    }
}
