package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * However a frame is split into parts, the assembler gives back exactly its bytes when it is
 * within the limit and refuses it (1009) as soon as the parts pass the limit, and it is ready
 * for the next frame either way.
 */
class FrameAssemblerPropertyTests {

    private static final int LIMIT = 64;

    @Property(tries = 2000)
    void binaryPartsAreJoinedOrRefusedAtTheLimit(@ForAll @Size(max = 8) List<@Size(max = 40) byte[]> parts) {
        FrameAssembler assembler = new FrameAssembler(LIMIT);
        int total = 0;
        byte[] whole = null;
        for (int i = 0; i < parts.size(); i++) {
            byte[] part = parts.get(i);
            boolean last = i == parts.size() - 1;
            total += part.length;
            if (total > LIMIT) {
                assertThatThrownBy(() -> assembler.binary(ByteBuffer.wrap(part), last))
                        .isInstanceOf(FrameAssembler.FrameTooLargeException.class);
                assertThat(assembler.binary(ByteBuffer.wrap(new byte[] {1}), true)).containsExactly(1);
                return;
            }
            whole = assembler.binary(ByteBuffer.wrap(part), last);
            assertThat(whole == null).isEqualTo(!last);
        }
        if (whole != null) {
            assertThat(whole).hasSize(total);
        }
    }

    @Property(tries = 2000)
    void textPartsAreJoinedOrRefusedByTheirUtf8Size(@ForAll @Size(max = 8) List<@Size(max = 30) String> parts,
            @ForAll @IntRange(min = 0, max = 1) int unused) {
        FrameAssembler assembler = new FrameAssembler(LIMIT);
        long bytes = 0;
        StringBuilder expected = new StringBuilder();
        String whole = null;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            boolean last = i == parts.size() - 1;
            bytes += utf8(part);
            expected.append(part);
            if (bytes > LIMIT) {
                assertThatThrownBy(() -> assembler.text(part, last)).isInstanceOf(FrameAssembler.FrameTooLargeException.class);
                assertThat(assembler.text("ok", true)).isEqualTo("ok");
                return;
            }
            whole = assembler.text(part, last);
        }
        if (!parts.isEmpty()) {
            assertThat(whole).isEqualTo(expected.toString());
        }
    }

    /** UTF-8 length of a part; a surrogate pair is one 4-byte code point (a pair split across parts counts as the assembler counts it). */
    private static long utf8(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            }
            else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes;
    }
}
