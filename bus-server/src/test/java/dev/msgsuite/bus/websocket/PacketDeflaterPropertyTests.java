package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.bus.metrics.BusMetrics;
import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.session.Outgoing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * A packet deflated once, alone or behind a per-subscriber header in a stored block, inflates
 * with {@link Inflater} (zlib, as browsers and Node use) to exactly the frame it replaces, for
 * a receiver that resets its inflater per message and for one that keeps its window.
 */
class PacketDeflaterPropertyTests {

    private static final byte[] SYNC_FLUSH_TAIL = { 0, 0, (byte) 0xff, (byte) 0xff };

    @Property(tries = 500)
    void aDeflatedPacketBehindAStoredHeaderInflatesToHeaderAndPacket(@ForAll("payloads") byte[] packet,
            @ForAll @Size(max = 16) byte[] header, @ForAll @IntRange(min = 1, max = 9) int level) throws DataFormatException {
        byte[] deflated = new PacketDeflater(0, level, metrics()).deflate(packet);
        byte[] plain = concat(header, packet);

        byte[] frame = header.length == 0 ? deflated : PacketDeflater.withStoredBlock(plain, header.length, deflated);

        assertThat(inflate(new Inflater(true), frame)).isEqualTo(plain);
    }

    @Property(tries = 300)
    void everyV2FrameOfOnePacketInflatesToItsOwnIdAndThePacket(@ForAll("payloads") byte[] bytes,
            @ForAll @Size(min = 1, max = 5) List<@LongRange(min = 1) Long> ids) throws DataFormatException {
        PacketDeflater deflater = new PacketDeflater(0, 6, metrics());
        Packet packet = new Packet("s", bytes);
        Inflater keepsItsWindow = new Inflater(true);
        for (long id : ids) {
            byte[] plain = ByteBuffer.allocate(Long.BYTES + bytes.length).putLong(id).put(bytes).array();

            byte[] frame = deflater.frame(new Outgoing.Data(id, packet, plain));

            if (frame != null) {
                assertThat(frame.length).isLessThan(plain.length);
                assertThat(inflate(new Inflater(true), frame)).isEqualTo(plain);
                assertThat(inflate(keepsItsWindow, frame)).as("inflated after the previous messages").isEqualTo(plain);
            }
        }
    }

    @Property(tries = 300)
    void aV1FrameIsThePacketDeflatedOrNothingWhenDeflateDoesNotShrinkIt(@ForAll("payloads") byte[] bytes) throws DataFormatException {
        byte[] frame = new PacketDeflater(0, 6, metrics()).frame(new Outgoing.Data(1, new Packet("s", bytes)));

        if (frame == null) {
            assertThat(new PacketDeflater(0, 6, metrics()).deflate(bytes).length).isGreaterThanOrEqualTo(bytes.length);
        }
        else {
            assertThat(inflate(new Inflater(true), frame)).isEqualTo(bytes);
        }
    }

    @Example
    void aPacketIsDeflatedOnceHoweverManyFramesAreBuiltFromIt() {
        BusMetrics metrics = metrics();
        PacketDeflater deflater = new PacketDeflater(0, 6, metrics);
        Packet packet = new Packet("s", "{\"skill\":\"s\",\"payload\":\"%s\"}".formatted("abc".repeat(500)).getBytes(StandardCharsets.UTF_8));

        for (long id = 1; id <= 100; id++) {
            assertThat(deflater.frame(new Outgoing.Data(id, packet))).isNotNull();
        }

        assertThat(metrics.packetsCompressed()).isEqualTo(1);
        assertThat(metrics.framesCompressed()).isEqualTo(100);
    }

    @Example
    void framesBelowTheThresholdStayUncompressedAndCostNoCompression() {
        BusMetrics metrics = metrics();
        PacketDeflater deflater = new PacketDeflater(1024, 6, metrics);
        byte[] small = "x".repeat(1023).getBytes(StandardCharsets.UTF_8);

        assertThat(deflater.frame(new Outgoing.Data(1, new Packet("s", small)))).isNull();
        assertThat(deflater.frame(new Outgoing.Data(1, new Packet("s", concat(small, new byte[1]))))).isNotNull();
        assertThat(metrics.packetsCompressed()).isEqualTo(1);
    }

    /** Packets from noise, runs of one byte and repeated JSON-like text, in any mix: some shrink, some do not. */
    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> run = Arbitraries.integers().between(1, 3000).flatMap(length -> Arbitraries.bytes()
                .map(value -> repeat(new byte[] { value }, length)));
        Arbitrary<byte[]> json = Arbitraries.integers().between(1, 80).flatMap(times -> Arbitraries.strings().alpha().ofMaxLength(12)
                .map(word -> repeat(("{\"sensor\":\"" + word + "\",\"celsius\":21.5},").getBytes(StandardCharsets.UTF_8), times)));
        return Arbitraries.oneOf(noise, run, json).list().ofMaxSize(4).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    /** What a permessage-deflate receiver does with a compressed message: append the flush tail and inflate. */
    static byte[] inflate(Inflater inflater, byte[] message) throws DataFormatException {
        inflater.setInput(concat(message, SYNC_FLUSH_TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && !inflater.needsInput()) {
                throw new AssertionError("the inflater is stuck (finished: " + inflater.finished() + ")");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static BusMetrics metrics() {
        return new BusMetrics(new SimpleMeterRegistry());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }

    private static byte[] repeat(byte[] unit, int times) {
        ByteBuffer out = ByteBuffer.allocate(unit.length * times);
        for (int i = 0; i < times; i++) {
            out.put(unit);
        }
        return out.array();
    }
}
