package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameAssemblerTests {

    private final FrameAssembler assembler = new FrameAssembler(10);

    @Test
    void aFrameInOnePartPassesThrough() {
        assertThat(this.assembler.binary(ByteBuffer.wrap(bytes("0123456789")), true)).isEqualTo(bytes("0123456789"));
        assertThat(this.assembler.text("abc", true)).isEqualTo("abc");
    }

    @Test
    void partsAreJoinedOnceTheLastArrives() {
        assertThat(this.assembler.binary(ByteBuffer.wrap(bytes("0123")), false)).isNull();
        assertThat(this.assembler.binary(ByteBuffer.wrap(bytes("4567")), false)).isNull();
        assertThat(this.assembler.binary(ByteBuffer.wrap(bytes("89")), true)).isEqualTo(bytes("0123456789"));
        assertThat(this.assembler.binary(ByteBuffer.wrap(bytes("next")), true)).isEqualTo(bytes("next"));
    }

    @Test
    void textIsMeasuredInUtf8Bytes() {
        // "é" is 2 bytes and "😀" 4: 2 + 4 + 4 = 10 fits, one more byte does not
        assertThat(this.assembler.text("é😀", false)).isNull();
        assertThat(this.assembler.text("abcd", true)).isEqualTo("é😀abcd");
        assertThat(this.assembler.text("é😀", false)).isNull();
        assertThatExceptionOfType(FrameAssembler.FrameTooLargeException.class).isThrownBy(() -> this.assembler.text("abcde", true))
                .withMessage("frame larger than 10 bytes");
    }

    @Test
    void aFrameBeyondTheLimitIsRefusedWhileStillArrivingAndForgotten() {
        assertThat(this.assembler.binary(ByteBuffer.wrap(bytes("012345")), false)).isNull();
        assertThatExceptionOfType(FrameAssembler.FrameTooLargeException.class)
                .isThrownBy(() -> this.assembler.binary(ByteBuffer.wrap(bytes("6789X")), false));
        assertThatExceptionOfType(FrameAssembler.FrameTooLargeException.class)
                .isThrownBy(() -> this.assembler.binary(ByteBuffer.wrap(bytes("0123456789X")), true));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
