package dev.msgsuite.bus.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.bus.auth.Grant;
import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.session.Outgoing;
import dev.msgsuite.bus.session.RecordingTransport;
import dev.msgsuite.skillbus.protocol.ErrorCode;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever a client sends, the bus's parsers give either a valid value or the documented
 * refusal (v2: one {@code error} reply with a known code; v1: a counted refusal and nothing
 * sent; binary: {@code bad-packet}), never another exception, and allocate no more than a small
 * multiple of the frame.
 */
class BusParserPropertyTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final long ALLOCATION_PER_INPUT_BYTE = 64;

    private static final long ALLOCATION_ALLOWANCE = 512 * 1024;

    /** Longest reply a refusal may produce: code, bounded message, bounded ref. */
    private static final int MAX_ERROR_REPLY = 600;

    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).collect(Collectors.toSet());

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final PacketReader packets = new PacketReader(JsonMapper.builder().build());

    static {
        // thousands of refusals are the point here; their log lines are covered by the hostile clients test
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(V1Protocol.class)).setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    @Property(tries = 2000)
    void arbitraryBytesAreAPacketOrBadPacket(@ForAll @Size(max = 300) byte[] frame) {
        readsOrRefuses(frame);
    }

    @Property(tries = 3000)
    void mutatedPacketsAreAPacketOrBadPacket(@ForAll("packets") String valid, @ForAll("mutations") Mutation mutation) {
        byte[] frame = mutation.apply(valid).getBytes(StandardCharsets.UTF_8);
        Packet packet = readsOrRefuses(frame);
        if (packet != null) {
            assertThat(packet.bytes()).isSameAs(frame);
            assertThat(JSON.readTree(frame).get("skill").asString()).isEqualTo(packet.skill());
        }
    }

    @Property(tries = 1000)
    void v2TextFramesGetExactlyOneOkOrKnownError(@ForAll("v2Frames") String valid, @ForAll("mutations") Mutation mutation) {
        v2AnswersOnce(mutation.apply(valid));
    }

    @Property(tries = 1000)
    void arbitraryV2TextGetsExactlyOneOkOrKnownError(@ForAll @StringLength(max = 200) String text) {
        v2AnswersOnce(text);
    }

    @Property(tries = 1000)
    void v1TextFramesAreAppliedOrCountedAndNothingElseIsSent(@ForAll("v1Frames") String valid, @ForAll("mutations") Mutation mutation) {
        v1AppliesOrCounts(mutation.apply(valid));
    }

    @Property(tries = 1000)
    void arbitraryV1TextIsAppliedOrCounted(@ForAll @StringLength(max = 200) String text) {
        v1AppliesOrCounts(text);
    }

    @Property(tries = 20)
    void controlFramesBeyondTheirLimitAreRefusedBeforeParsing(@ForAll("hugeFrames") String frame) {
        ProtocolFixture fixture = new ProtocolFixture();
        RecordingTransport link = new RecordingTransport();
        V2Protocol client = new V2Protocol(fixture.context, link, Grant.ANONYMOUS);
        long before = THREADS.getCurrentThreadAllocatedBytes();

        client.onText(frame);

        assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(ALLOCATION_ALLOWANCE);
        assertThat(link.drain(client.session())).singleElement().isInstanceOfSatisfying(Outgoing.Control.class,
                control -> assertThat(JSON.readTree(control.json()).get("code").asString()).isEqualTo("too-large"));
    }

    private Packet readsOrRefuses(byte[] frame) {
        try {
            this.packets.read(frame);
        }
        catch (ProtocolException warmUp) {
            // measured below
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Packet packet;
        try {
            packet = this.packets.read(frame);
        }
        catch (ProtocolException refused) {
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_PACKET);
            assertThat(refused.getMessage().length()).isLessThan(MAX_ERROR_REPLY);
            packet = null;
        }
        assertAllocatedAtMost(before, frame.length);
        return packet;
    }

    private static void v2AnswersOnce(String frame) {
        // the first refusal of a kind loads classes and builds caches once per JVM; the bound is about the frame
        new V2Protocol(new ProtocolFixture().context, new RecordingTransport(), Grant.ANONYMOUS).onText(frame);
        ProtocolFixture fixture = new ProtocolFixture();
        RecordingTransport link = new RecordingTransport();
        V2Protocol client = new V2Protocol(fixture.context, link, Grant.ANONYMOUS);
        long before = THREADS.getCurrentThreadAllocatedBytes();

        client.onText(frame);

        assertAllocatedAtMost(before, frame.length());
        List<Outgoing> sent = link.drain(client.session());
        assertThat(sent).as("frames answering %s", frame).singleElement().isInstanceOf(Outgoing.Control.class);
        String json = ((Outgoing.Control) sent.getFirst()).json();
        JsonNode reply = JSON.readTree(json);
        if (reply.get("op").asString().equals("error")) {
            assertThat(CODES).contains(reply.get("code").asString());
            assertThat(json.length()).isLessThan(MAX_ERROR_REPLY);
            assertThat(fixture.metrics.rejectedCount("v2", reply.get("code").asString())).isEqualTo(1);
        }
        else {
            assertThat(reply.get("op").asString()).isEqualTo("ok");
        }
        if (reply.has("ref") && reply.get("ref").isString()) {
            assertThat(reply.get("ref").asString()).hasSizeLessThanOrEqualTo(V2Protocol.MAX_REF_LENGTH);
        }
    }

    private static void v1AppliesOrCounts(String frame) {
        new V1Protocol(new ProtocolFixture().context, new RecordingTransport(), Grant.ANONYMOUS).onText(frame);
        ProtocolFixture fixture = new ProtocolFixture();
        RecordingTransport link = new RecordingTransport();
        V1Protocol client = new V1Protocol(fixture.context, link, Grant.ANONYMOUS);
        long before = THREADS.getCurrentThreadAllocatedBytes();

        client.onText(frame);

        assertAllocatedAtMost(before, frame.length());
        assertThat(link.drain(client.session())).isEmpty();
        double refusals = CODES.stream().mapToDouble(code -> fixture.metrics.rejectedCount("v1", code)).sum();
        assertThat(refusals).isBetween(0.0, 1.0);
    }

    private static void assertAllocatedAtMost(long before, int inputLength) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated for an input of %d", inputLength)
                .isLessThanOrEqualTo(ALLOCATION_ALLOWANCE + ALLOCATION_PER_INPUT_BYTE * inputLength);
    }

    interface Mutation extends Function<String, String> {
    }

    @Provide
    Arbitrary<String> packets() {
        Arbitrary<String> skill = Arbitraries.of("a", "a.b", "sensors.kitchen.temp", "x.*", "#", "", "a..b", "é.ü");
        Arbitrary<String> payload = Arbitraries.of("1", "\"text\"", "{\"nested\":[1,2,{\"skill\":\"inner\"}]}", "null", "[]");
        return Combinators.combine(skill, payload, Arbitraries.integers().between(0, 2)).as((s, p, order) -> switch (order) {
            case 0 -> "{\"skill\":\"" + s + "\",\"payload\":" + p + "}";
            case 1 -> "{\"payload\":" + p + ",\"skill\":\"" + s + "\"}";
            default -> "{\"skill\":\"" + s + "\"}";
        });
    }

    @Provide
    Arbitrary<String> v2Frames() {
        return Arbitraries.of(
                "{\"op\":\"hello\",\"ref\":1}",
                "{\"op\":\"hello\",\"session\":\"gateway-1\",\"secret\":\"s\"}",
                "{\"op\":\"register\",\"skill\":\"sensors.#\",\"ref\":\"r1\"}",
                "{\"op\":\"deregister\",\"skill\":\"sensors.#\"}",
                "{\"op\":\"prefetch\",\"count\":5}",
                "{\"op\":\"pull\",\"count\":1}",
                "{\"op\":\"ack\",\"id\":1,\"multiple\":true}",
                "{\"op\":\"get\",\"id\":3}",
                "{\"op\":\"get\"}");
    }

    @Provide
    Arbitrary<String> v1Frames() {
        return Arbitraries.of("{\"register\":\"skill1\"}", "{\"deregister\":\"skill1\"}", "{\"buffering\":true}",
                "{\"fastpush\":false}", "{\"get\":\"\"}", "{\"ack\":\"\"}", "{\"x\\n2026-01-01 ERROR forged\":1}");
    }

    @Provide
    Arbitrary<String> hugeFrames() {
        return Arbitraries.integers().between(ProtocolLimits.DEFAULT_MAX_CONTROL_FRAME_BYTES + 1, 200_000)
                .map(length -> "{\"op\":\"" + "x".repeat(length) + "\"}");
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<String> snippet = Arbitraries.oneOf(
                Arbitraries.of("\"", "{", "}", "[", "]", ":", ",", "\\", "\\u", "\\ud800", "null", "true", "-0", "1e999",
                        "99999999999999999999999", "\"op\"", "\"ref\"", "\"skill\"", "\u0000", "\n", "\u202e", "\"#\"", "\"*\""),
                Arbitraries.strings().ofMaxLength(4),
                Arbitraries.strings().withChars('r').ofMinLength(60).ofMaxLength(70).map(r -> "\"" + r + "\""));
        Arbitrary<Mutation> insert = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), snippet)
                .as((at, text) -> frame -> {
                    int i = frame.isEmpty() ? 0 : at % (frame.length() + 1);
                    return frame.substring(0, i) + text + frame.substring(i);
                });
        Arbitrary<Mutation> delete = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().between(1, 8))
                .as((at, length) -> frame -> {
                    if (frame.isEmpty()) {
                        return frame;
                    }
                    int i = at % frame.length();
                    return frame.substring(0, i) + frame.substring(Math.min(frame.length(), i + length));
                });
        Arbitrary<Mutation> replace = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.chars())
                .as((at, c) -> frame -> {
                    if (frame.isEmpty()) {
                        return frame;
                    }
                    int i = at % frame.length();
                    return frame.substring(0, i) + c + frame.substring(i + 1);
                });
        Arbitrary<Mutation> none = Arbitraries.just(frame -> frame);
        return Arbitraries.oneOf(insert, delete, replace, none).list().ofMinSize(1).ofMaxSize(3)
                .map(list -> frame -> {
                    String result = frame;
                    for (Mutation mutation : list) {
                        result = mutation.apply(result);
                    }
                    return result;
                });
    }
}
