package dev.msgsuite.talker.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.support.Allocations;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes a client sends, the client pipeline's framing and decoding give lines within the
 * limit (strict UTF-8, no control characters but tab) or the documented refusals: a
 * {@link RejectedLine} or a {@link TooLongFrameException} (each answered with one error line),
 * never another exception, and allocate in proportion to the bytes.
 */
class ClientLineDecodingPropertyTests {

    private static final int MAX_LINE_BYTES = 100;

    // Netty's cumulation buffer, the frame, the decoded chars and the String.
    private static final long ALLOCATION_PER_BYTE = 24;

    private static final long ALLOCATION_ALLOWANCE = 64 * 1024;

    @Property(tries = 2000)
    void arbitraryBytesAreLinesOrRefusals(@ForAll @Size(max = 600) byte[] bytes) {
        decodes(bytes);
    }

    @Property(tries = 3000)
    void mutatedLinesAreLinesOrRefusals(@ForAll("validLines") byte[] valid, @ForAll("mutations") Mutation mutation) {
        decodes(mutation.apply(valid));
    }

    @Property(tries = 500)
    void everyValidLineArrivesAsSent(@ForAll("texts") String text) {
        List<Object> decoded = decodes((text + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).containsExactly(text);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abc XYZ019|/;\té☃")
            .withCharRange('\u0100', '\u2fff').ofMaxLength(MAX_LINE_BYTES / 3);
    }

    @Provide
    Arbitrary<byte[]> validLines() {
        return texts().list().ofMaxSize(4).map(lines -> {
            StringBuilder joined = new StringBuilder();
            lines.forEach(line -> joined.append(line).append("\r\n"));
            return joined.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Mutation> flip = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
            .as((at, value) -> bytes -> {
                byte[] copy = bytes.clone();
                if (copy.length > 0) {
                    copy[at % copy.length] = value;
                }
                return copy;
            });
        Arbitrary<Mutation> insert = Combinators.combine(Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.of(new byte[] { '\n' }, new byte[] { '\r' }, new byte[] { 0 }, new byte[] { 0x7f },
                        new byte[] { (byte) 0xc3 }, new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 },
                        new byte[] { (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
                        "x".repeat(MAX_LINE_BYTES).getBytes(StandardCharsets.US_ASCII),
                        "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)))
            .as((at, value) -> bytes -> {
                int where = at % (bytes.length + 1);
                byte[] copy = new byte[bytes.length + value.length];
                System.arraycopy(bytes, 0, copy, 0, where);
                System.arraycopy(value, 0, copy, where, value.length);
                System.arraycopy(bytes, where, copy, where + value.length, bytes.length - where);
                return copy;
            });
        Arbitrary<Mutation> truncate = Arbitraries.integers().greaterOrEqual(0)
            .map(at -> bytes -> java.util.Arrays.copyOf(bytes, at % (bytes.length + 1)));
        return Arbitraries.oneOf(flip, insert, truncate);
    }

    interface Mutation extends Function<byte[], byte[]> {
    }

    /** Feeds the bytes in two writes (a line may span reads) and checks every outcome. */
    private static List<Object> decodes(byte[] bytes) {
        List<Object> out = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new LineBasedFrameDecoder(MAX_LINE_BYTES + 1, true, true),
                new Utf8LineDecoder(MAX_LINE_BYTES), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object message) {
                        out.add(message);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        failures.add(cause);
                    }
                });
        int half = bytes.length / 2;
        Allocations.assertBounded(ALLOCATION_ALLOWANCE, ALLOCATION_PER_BYTE, bytes.length, () -> {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, half));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, half, bytes.length - half));
        });
        channel.finishAndReleaseAll();
        assertThat(failures).allSatisfy(failure -> assertThat(failure).isInstanceOf(TooLongFrameException.class));
        for (Object message : out) {
            if (message instanceof String line) {
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_LINE_BYTES);
                assertThat(line.chars()).noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
            }
            else {
                assertThat(message).isInstanceOfSatisfying(RejectedLine.class,
                        rejected -> assertThat(rejected.reason()).isIn("line is not valid UTF-8",
                                "line contains control characters", "line longer than " + MAX_LINE_BYTES + " bytes"));
            }
        }
        return out;
    }
}
