package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.Extension;
import jakarta.websocket.SendHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Inflater;
import org.apache.tomcat.websocket.MessagePart;
import org.apache.tomcat.websocket.PerMessageDeflate;
import org.apache.tomcat.websocket.Transformation;
import org.apache.tomcat.websocket.TransformationFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extension Tomcat builds for a bus handshake, fed message parts as Tomcat's endpoint feeds
 * them: what goes out for each kind of message, without a socket.
 */
class SharedDeflateTransformationTests {

    private static final int MIN_BYTES = 1024;

    private static final byte TEXT = 0x1;

    private static final byte BINARY = 0x2;

    private static final byte PING = 0x9;

    private static final int RSV1 = 0b100;

    private static MethodHandle newPart;

    @BeforeAll
    static void install() throws ReflectiveOperationException {
        SharedDeflate.install();
        newPart = MethodHandles.privateLookupIn(MessagePart.class, MethodHandles.lookup()).findConstructor(MessagePart.class,
                MethodType.methodType(void.class, boolean.class, int.class, byte.class, ByteBuffer.class, SendHandler.class,
                        SendHandler.class, boolean.class, long.class));
    }

    @Test
    void aHandshakeOutsideAnEnabledBusGetsTomcatsOwnExtension() {
        assertThat(TransformationFactory.getInstance().create(PerMessageDeflate.NAME, offer(), true))
                .isInstanceOf(PerMessageDeflate.class);
    }

    @Test
    void aHandedOverPayloadGoesOutAsItsPrecompressedBytesWithRsv1() throws Exception {
        Transformation deflate = negotiate();
        byte[] payload = bytes(5000);
        byte[] precompressed = { 1, 2, 3 };
        AtomicReference<List<MessagePart>> sent = new AtomicReference<>();

        SharedDeflate.send(payload, precompressed, () -> sent.set(deflate.sendMessagePart(List.of(part(BINARY, payload, true)))));

        assertThat(sent.get()).singleElement().satisfies(part -> {
            assertThat(part.getRsv()).isEqualTo(RSV1);
            assertThat(part.isFin()).isTrue();
            assertThat(remaining(part)).containsExactly(precompressed);
        });
    }

    @Test
    void aPayloadHandedOverAsUncompressedGoesOutAsItIsHoweverLarge() throws Exception {
        Transformation deflate = negotiate();
        byte[] payload = bytes(5000);
        AtomicReference<List<MessagePart>> sent = new AtomicReference<>();

        SharedDeflate.send(payload, null, () -> sent.set(deflate.sendMessagePart(List.of(part(BINARY, payload, true)))));

        assertThat(sent.get()).singleElement().satisfies(part -> {
            assertThat(part.getRsv()).isZero();
            assertThat(remaining(part)).isEqualTo(payload);
        });
    }

    @Test
    void aHandoverForAnotherPayloadIsIgnored() throws Exception {
        Transformation deflate = negotiate();
        byte[] other = bytes(5000);
        AtomicReference<List<MessagePart>> sent = new AtomicReference<>();

        SharedDeflate.send(bytes(5000), new byte[] { 1 }, () -> sent.set(deflate.sendMessagePart(List.of(part(BINARY, other, true)))));

        assertThat(sent.get()).allSatisfy(part -> assertThat(part.getRsv()).isEqualTo(RSV1));
        assertThat(inflate(sent.get())).as("compressed by Tomcat's extension").isEqualTo(other);
    }

    @Test
    void aSmallReplyGoesOutUncompressedAndALargeOneIsCompressedByTomcat() throws Exception {
        Transformation deflate = negotiate();
        byte[] small = "{\"op\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        byte[] large = ("{\"op\":\"ok\",\"pad\":\"" + "ab".repeat(MIN_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);

        List<MessagePart> smallOut = deflate.sendMessagePart(List.of(part(TEXT, small, true)));
        List<MessagePart> largeOut = deflate.sendMessagePart(List.of(part(TEXT, large, true)));

        assertThat(smallOut).singleElement().satisfies(part -> assertThat(part.getRsv()).isZero());
        assertThat(remaining(smallOut.getFirst())).isEqualTo(small);
        assertThat(largeOut.getFirst().getRsv()).isEqualTo(RSV1);
        assertThat(inflate(largeOut)).isEqualTo(large);
    }

    @Test
    void aMessageInPartsStaysCompressedToItsLastPartAndAPingInBetweenPassesUntouched() throws Exception {
        Transformation deflate = negotiate();
        byte[] first = bytes(8192);
        byte[] last = bytes(10);
        byte[] ping = { 7 };

        List<MessagePart> out = new ArrayList<>(deflate.sendMessagePart(List.of(part(TEXT, first, false))));
        List<MessagePart> pings = deflate.sendMessagePart(List.of(part(PING, ping, true)));
        out.addAll(deflate.sendMessagePart(List.of(part(TEXT, last, true))));

        assertThat(pings).singleElement().satisfies(part -> assertThat(remaining(part)).containsExactly(ping));
        assertThat(out.getFirst().getRsv()).isEqualTo(RSV1);
        ByteBuffer whole = ByteBuffer.allocate(first.length + last.length).put(first).put(last);
        assertThat(inflate(out)).isEqualTo(whole.array());
    }

    /** Builds the extension the way Tomcat does during an enabled bus's handshake. */
    private static Transformation negotiate() throws Exception {
        AtomicReference<Transformation> built = new AtomicReference<>();
        SharedDeflate.negotiating(new SharedDeflate.Settings(MIN_BYTES),
                () -> built.set(TransformationFactory.getInstance().create(PerMessageDeflate.NAME, offer(), true)));
        assertThat(built.get()).isInstanceOf(SharedDeflate.class);
        return built.get();
    }

    /** Chromium's offer with the server_no_context_takeover the bus's filter adds. */
    private static List<List<Extension.Parameter>> offer() {
        return List.of(List.of(parameter("client_max_window_bits", null), parameter("server_no_context_takeover", null)));
    }

    private static Extension.Parameter parameter(String name, String value) {
        return new Extension.Parameter() {

            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getValue() {
                return value;
            }
        };
    }

    private static MessagePart part(byte opCode, byte[] payload, boolean fin) throws IOException {
        SendHandler ignored = result -> {
        };
        try {
            return (MessagePart) newPart.invokeExact(fin, 0, opCode, ByteBuffer.wrap(payload), ignored, ignored, true, Long.MAX_VALUE);
        }
        catch (Throwable ex) {
            throw new IOException(ex);
        }
    }

    private static byte[] remaining(MessagePart part) {
        ByteBuffer payload = part.getPayload().duplicate();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return bytes;
    }

    /** The message the parts carry, inflated as a client does. */
    private static byte[] inflate(List<MessagePart> parts) throws Exception {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        parts.forEach(part -> joined.writeBytes(remaining(part)));
        return PacketDeflaterPropertyTests.inflate(new Inflater(true), joined.toByteArray());
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 7);
        }
        return bytes;
    }
}
