package dev.msgsuite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PacketsTests {

    @Test
    void aPacketHasTheExactSizeAndIsASkillBusDataPacket() {
        byte[] packet = Packets.packet(123_456_789L, 100);

        assertThat(packet).hasSize(100);
        assertThat(new String(packet, StandardCharsets.UTF_8))
                .startsWith("{\"skill\":\"bench\",\"payload\":\"0000000000123456789x").endsWith("x\"}");
    }

    @Test
    void theSendTimeIsReadBackFromADeliveredPacket() {
        long sentAt = 9_123_456_789_012_345_678L;

        assertThat(Packets.sentAt(Unpooled.wrappedBuffer(Packets.packet(sentAt, 100)))).isEqualTo(sentAt);
        assertThat(Packets.sentAt(Unpooled.wrappedBuffer(Packets.packet(7, Packets.minimumSize())))).isEqualTo(7);
    }

    @Test
    void somethingElseIsNotTakenForAPacket() {
        assertThat(Packets.sentAt(Unpooled.wrappedBuffer("{\"skill\":\"bench\",\"payload\":\"hello, world!!!!!!!!!!\"}"
                .getBytes(StandardCharsets.UTF_8)))).isEqualTo(-1);
        assertThat(Packets.sentAt(Unpooled.wrappedBuffer(new byte[3]))).isEqualTo(-1);
    }

    @Test
    void jsonFilledPacketsOfAnySizeKeepEveryQuoteOfTheirReadingsEscaped() {
        for (int size = Packets.minimumSize(); size < 5000; size += 37) {
            byte[] packet = Packets.packet(size * 1_000_003L, size, Packets.Filler.JSON);
            String text = new String(packet, StandardCharsets.UTF_8);

            assertThat(packet).hasSize(size);
            assertThat(Packets.sentAt(Unpooled.wrappedBuffer(packet))).isEqualTo(size * 1_000_003L);
            String filler = text.substring(Packets.PREFIX.length, text.length() - 2);
            assertThat(filler.replace("\\\"", "")).as(filler).doesNotContain("\"").doesNotEndWith("\\");
        }
        assertThat(new String(Packets.packet(1, 200, Packets.Filler.JSON), StandardCharsets.UTF_8))
                .contains("{\\\"sensor\\\":\\\"kitchen-");
    }

    @Test
    void packetsSmallerThanTheirHeaderAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Packets.packet(1, 20)).withMessageContaining("at least");
    }
}
