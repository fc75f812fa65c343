package dev.msgsuite.bus.protocol;

import static dev.msgsuite.bus.protocol.ProtocolFixture.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.bus.auth.Grant;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.bus.session.OverflowPolicy;
import dev.msgsuite.bus.session.Outgoing;
import dev.msgsuite.bus.session.QueueLimits;
import dev.msgsuite.bus.session.RecordingTransport;
import dev.msgsuite.skillbus.protocol.CloseCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class V2ProtocolTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProtocolFixture fixture = new ProtocolFixture();

    private final RecordingTransport publisherLink = new RecordingTransport();

    private V1Protocol publisher = new V1Protocol(this.fixture.context, this.publisherLink, Grant.ANONYMOUS);

    private final RecordingTransport link = new RecordingTransport();

    private V2Protocol client = new V2Protocol(this.fixture.context, this.link, Grant.ANONYMOUS);

    /** Replies and deliveries as the wire sees them. */
    private record Wire(List<JsonNode> controls, List<Long> ids, List<String> payloads) {
    }

    private Wire wire(V2Protocol protocol, RecordingTransport transport) {
        List<JsonNode> controls = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (Outgoing frame : transport.drain(protocol.session())) {
            switch (protocol.encode(frame)) {
                case Outgoing.Control control -> controls.add(JSON.readTree(control.json()));
                case Outgoing.Data data -> {
                    ByteBuffer buffer = ByteBuffer.wrap(data.bytes());
                    ids.add(buffer.getLong());
                    byte[] rest = new byte[buffer.remaining()];
                    buffer.get(rest);
                    payloads.add(JSON.readTree(rest).get("payload").asString());
                }
                default -> throw new AssertionError(frame);
            }
        }
        return new Wire(controls, ids, payloads);
    }

    private Wire wire() {
        return wire(this.client, this.link);
    }

    private JsonNode reply(String frame) {
        this.client.onText(frame);
        return wire().controls().getLast();
    }

    @Test
    void everyControlFrameGetsAnOkEchoingItsRef() {
        assertThat(reply("{\"op\": \"register\", \"skill\": \"sensors.*\", \"ref\": \"r1\"}").toString())
                .isEqualTo("{\"op\":\"ok\",\"ref\":\"r1\"}");
        assertThat(reply("{\"op\": \"register\", \"skill\": \"sensors.*\", \"ref\": 2}").toString())
                .isEqualTo("{\"op\":\"ok\",\"already\":true,\"ref\":2}");
        assertThat(reply("{\"op\": \"prefetch\", \"count\": 5}").get("prefetch").asInt()).isEqualTo(5);
        assertThat(reply("{\"op\": \"deregister\", \"skill\": \"sensors.*\"}").get("op").asString()).isEqualTo("ok");
    }

    @Test
    void errorsCarryCodeMessageAndRef() {
        JsonNode error = reply("{\"op\": \"register\", \"skill\": \"a..b\", \"ref\": \"r9\"}");

        assertThat(error.get("op").asString()).isEqualTo("error");
        assertThat(error.get("code").asString()).isEqualTo("invalid-skill");
        assertThat(error.get("ref").asString()).isEqualTo("r9");
        assertThat(error.get("message").asString()).contains("empty segments");
    }

    @Test
    void badInputGetsTheMatchingErrorCode() {
        assertThat(reply("nope").get("code").asString()).isEqualTo("bad-json");
        assertThat(reply("[1]").get("code").asString()).isEqualTo("not-an-object");
        assertThat(reply("{\"skill\": \"x\"}").get("code").asString()).isEqualTo("missing-field");
        assertThat(reply("{\"op\": 3}").get("code").asString()).isEqualTo("wrong-type");
        assertThat(reply("{\"op\": \"subscribe\"}").get("code").asString()).isEqualTo("unknown-op");
        assertThat(reply("{\"op\": \"register\", \"skill\": \"a\", \"color\": 1}").get("code").asString()).isEqualTo("unknown-field");
        assertThat(reply("{\"op\": \"register\"}").get("code").asString()).isEqualTo("missing-field");
        assertThat(reply("{\"op\": \"register\", \"skill\": [\"a\"]}").get("code").asString()).isEqualTo("wrong-type");
        assertThat(reply("{\"op\": \"prefetch\", \"count\": -1}").get("code").asString()).isEqualTo("invalid-value");
        assertThat(reply("{\"op\": \"prefetch\", \"count\": \"5\"}").get("code").asString()).isEqualTo("wrong-type");
        assertThat(reply("{\"op\": \"ack\", \"id\": 99}").get("code").asString()).isEqualTo("unknown-delivery");
        assertThat(reply("{\"op\": \"get\"}").get("code").asString()).isEqualTo("nothing-held");
        assertThat(reply("{\"op\": \"deregister\", \"skill\": \"zzz\"}").get("code").asString()).isEqualTo("not-registered");
        assertThat(reply("{\"op\": \"hello\"}").get("code").asString()).isEqualTo("hello-too-late");
        assertThat(this.client.session().patterns()).isEmpty();
    }

    @Test
    void badDataPacketsGetAnErrorAndNothingIsPublished() {
        this.client.onBinary("{\"payload\": 1}".getBytes());
        this.client.onBinary("{\"skill\": \"a.*\"}".getBytes());

        assertThat(wire().controls()).extracting(node -> node.get("code").asString()).containsExactly("bad-packet", "bad-packet");
        assertThat(this.fixture.metrics.packetsIn()).isZero();
    }

    @Test
    void deliveriesCarryIdsAndPrefetchBoundsWhatIsUnacknowledged() {
        this.client.onText("{\"op\": \"register\", \"skill\": \"sensors.#\"}");
        this.client.onText("{\"op\": \"prefetch\", \"count\": 2}");
        wire();
        for (int i = 1; i <= 4; i++) {
            this.publisher.onBinary(packet("sensors.temp", "p" + i));
        }

        Wire first = wire();
        assertThat(first.ids()).containsExactly(1L, 2L);
        assertThat(first.payloads()).containsExactly("p1", "p2");

        assertThat(reply("{\"op\": \"ack\", \"id\": 1}").get("released").asInt()).isEqualTo(1);
        assertThat(wire().payloads()).isEmpty();
        this.client.onText("{\"op\": \"ack\", \"id\": 1}");
        Wire afterAck = wire();
        assertThat(afterAck.controls().getFirst().get("code").asString()).isEqualTo("unknown-delivery");
    }

    @Test
    void ackReleasesAndTheNextPacketFollows() {
        this.client.onText("{\"op\": \"register\", \"skill\": \"s\"}");
        wire();
        this.publisher.onBinary(packet("s", "p1"));
        this.publisher.onBinary(packet("s", "p2"));
        assertThat(wire().payloads()).containsExactly("p1");

        this.client.onText("{\"op\": \"ack\", \"id\": 1}");

        Wire next = wire();
        assertThat(next.controls()).hasSize(1);
        assertThat(next.payloads()).containsExactly("p2");
        assertThat(next.ids()).containsExactly(2L);
    }

    @Test
    void pullGrantsAndGetResend() {
        this.client.onText("{\"op\": \"register\", \"skill\": \"s\"}");
        this.client.onText("{\"op\": \"pull\", \"count\": 1}");
        wire();
        this.publisher.onBinary(packet("s", "p1"));
        this.publisher.onBinary(packet("s", "p2"));
        assertThat(wire().payloads()).containsExactly("p1");

        this.client.onText("{\"op\": \"get\", \"id\": 1}");
        assertThat(wire().payloads()).containsExactly("p1");
        this.client.onText("{\"op\": \"ack\", \"id\": 1}");
        assertThat(wire().payloads()).isEmpty();
        this.client.onText("{\"op\": \"pull\", \"count\": 5}");
        assertThat(wire().payloads()).containsExactly("p2");
    }

    @Test
    void prefetchZeroStreamsWithoutAcks() {
        this.client.onText("{\"op\": \"register\", \"skill\": \"s\"}");
        this.client.onText("{\"op\": \"prefetch\", \"count\": 0}");
        wire();
        for (int i = 1; i <= 3; i++) {
            this.publisher.onBinary(packet("s", "p" + i));
        }

        assertThat(wire().payloads()).containsExactly("p1", "p2", "p3");
    }

    @Test
    void droppedPacketsAreReportedToTheClient() {
        this.fixture = new ProtocolFixture(new QueueLimits(2, 100_000, OverflowPolicy.DROP_OLDEST));
        this.publisher = new V1Protocol(this.fixture.context, this.publisherLink, Grant.ANONYMOUS);
        this.client = new V2Protocol(this.fixture.context, this.link, Grant.ANONYMOUS);
        this.client.onText("{\"op\": \"register\", \"skill\": \"s\"}");
        this.client.onText("{\"op\": \"pull\", \"count\": 1}");
        wire();
        for (int i = 1; i <= 6; i++) {
            this.publisher.onBinary(packet("s", "p" + i));
        }

        Wire wire = wire();

        assertThat(wire.payloads()).containsExactly("p5");
        assertThat(wire.controls()).singleElement().satisfies(notice -> {
            assertThat(notice.get("op").asString()).isEqualTo("dropped");
            assertThat(notice.get("count").asLong()).isEqualTo(4);
            assertThat(notice.get("total").asLong()).isEqualTo(4);
        });
    }

    @Test
    void namedSessionIsResumedWithItsUnacknowledgedPacketsAndRegistrations() {
        JsonNode hello = reply("{\"op\": \"hello\", \"session\": \"gateway-1\"}");
        assertThat(hello.get("session").asString()).isEqualTo("gateway-1");
        assertThat(hello.get("resumed").asBoolean()).isFalse();
        String secret = hello.get("resumeSecret").asString();
        this.client.onText("{\"op\": \"register\", \"skill\": \"s\"}");
        wire();
        this.publisher.onBinary(packet("s", "p1"));
        this.publisher.onBinary(packet("s", "p2"));
        assertThat(wire().payloads()).containsExactly("p1");

        this.client.onClosed();
        this.publisher.onBinary(packet("s", "p3"));
        assertThat(this.fixture.store.find("gateway-1")).isPresent();

        RecordingTransport again = new RecordingTransport();
        V2Protocol resumed = new V2Protocol(this.fixture.context, again, Grant.ANONYMOUS);
        resumed.onText(hello("gateway-1", secret));
        Wire wire = wire(resumed, again);
        assertThat(wire.controls().getFirst().get("resumed").asBoolean()).isTrue();
        assertThat(wire.controls().getFirst().has("resumeSecret")).isFalse();
        assertThat(wire.ids()).containsExactly(1L);
        assertThat(wire.payloads()).containsExactly("p1");
        resumed.onText("{\"op\": \"prefetch\", \"count\": 10}");
        assertThat(wire(resumed, again).payloads()).containsExactly("p2", "p3");
        assertThat(resumed.session().patterns()).containsExactly(SkillPattern.parse("s"));
    }

    @Test
    void resumingAnAttachedSessionWithItsSecretTakesItOverAndClosesTheOldConnection() {
        String secret = reply("{\"op\": \"hello\", \"session\": \"gw\"}").get("resumeSecret").asString();

        RecordingTransport again = new RecordingTransport();
        V2Protocol taker = new V2Protocol(this.fixture.context, again, Grant.ANONYMOUS);
        taker.onText(hello("gw", secret));

        assertThat(this.link.closes).singleElement().asString().startsWith(CloseCode.TAKEN_OVER + " ");
        this.client.onClosed();
        assertThat(taker.session().attached()).isTrue();
        assertThat(this.fixture.store.isDetached(taker.session())).isFalse();
    }

    @Test
    void anotherTokenCannotResumeTheSessionEvenWithItsSecret() {
        String secret = reply("{\"op\": \"hello\", \"session\": \"gw\"}").get("resumeSecret").asString();

        RecordingTransport other = new RecordingTransport();
        Grant stranger = new Grant("stranger", List.of(SkillPattern.parse("#")), List.of(SkillPattern.parse("#")));
        V2Protocol intruder = new V2Protocol(this.fixture.context, other, stranger);
        intruder.onText(hello("gw", secret));

        assertThat(wire(intruder, other).controls().getLast().get("code").asString()).isEqualTo("forbidden");
        assertThat(this.link.closes).isEmpty();
    }

    @Test
    void sessionIsNotResumedByItsNameAloneOrAWrongSecretAndItsConnectionStays() {
        JsonNode hello = reply("{\"op\": \"hello\", \"session\": \"gw\"}");
        this.client.onText("{\"op\": \"register\", \"skill\": \"s\"}");
        wire();
        String secret = hello.get("resumeSecret").asString();

        for (String attempt : List.of("{\"op\": \"hello\", \"session\": \"gw\"}", hello("gw", "wrong"),
                hello("gw", secret.substring(1)), hello("gw", ""))) {
            RecordingTransport other = new RecordingTransport();
            V2Protocol intruder = new V2Protocol(this.fixture.context, other, Grant.ANONYMOUS);
            intruder.onText(attempt);

            assertThat(wire(intruder, other).controls().getLast().get("code").asString()).as(attempt).isEqualTo("session-taken");
            assertThat(intruder.session()).isNotSameAs(this.client.session());
        }
        assertThat(this.link.closes).isEmpty();
        this.publisher.onBinary(packet("s", "still mine"));
        assertThat(wire().payloads()).containsExactly("still mine");
    }

    @Test
    void sessionsNeverNamedWithHelloCannotBeResumed() {
        String unnamed = this.client.session().id();

        RecordingTransport other = new RecordingTransport();
        V2Protocol intruder = new V2Protocol(this.fixture.context, other, Grant.ANONYMOUS);
        intruder.onText(hello(unnamed, "guess"));

        assertThat(wire(intruder, other).controls().getLast().get("code").asString()).isEqualTo("session-taken");
        assertThat(this.link.closes).isEmpty();
    }

    @Test
    void resumeSecretsAreLongRandomAndBase64Url() {
        String first = reply("{\"op\": \"hello\", \"session\": \"gw-a\"}").get("resumeSecret").asString();
        RecordingTransport other = new RecordingTransport();
        V2Protocol second = new V2Protocol(this.fixture.context, other, Grant.ANONYMOUS);
        second.onText("{\"op\": \"hello\", \"session\": \"gw-b\"}");
        String next = wire(second, other).controls().getLast().get("resumeSecret").asString();

        assertThat(first).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(next);   // 256 bits
    }

    private static String hello(String session, String secret) {
        return JSON.createObjectNode().put("op", "hello").put("session", session).put("secret", secret).toString();
    }

    @Test
    void anonymousSessionsAreReleasedOnDisconnect() {
        this.client.onText("{\"op\": \"register\", \"skill\": \"s\"}");

        this.client.onClosed();

        assertThat(this.fixture.store.all()).containsExactly(this.publisher.session());
        assertThat(this.fixture.bus.registry().patterns()).isEmpty();
    }

    @Test
    void grantsLimitWhatMayBePublishedAndRegistered() {
        Grant sensorsOnly = new Grant("sensor", List.of(SkillPattern.parse("sensors.#")), List.of(SkillPattern.parse("sensors.*")));
        RecordingTransport limitedLink = new RecordingTransport();
        V2Protocol limited = new V2Protocol(this.fixture.context, limitedLink, sensorsOnly);

        limited.onText("{\"op\": \"register\", \"skill\": \"sensors.temp\"}");
        limited.onText("{\"op\": \"register\", \"skill\": \"sensors.#\"}");
        limited.onBinary(packet("actuators.valve", "x"));

        assertThat(wire(limited, limitedLink).controls()).extracting(node -> node.get("op").asString() + ":" + node.path("code").asString(""))
                .containsExactly("ok:", "error:forbidden", "error:forbidden");
    }

    @Test
    void aRefLongerThan64CharactersIsRefusedAndNotEchoed() {
        JsonNode error = reply("{\"op\": \"prefetch\", \"count\": 1, \"ref\": \"" + "r".repeat(65) + "\"}");

        assertThat(error.get("code").asString()).isEqualTo("invalid-value");
        assertThat(error.has("ref")).isFalse();
        assertThat(reply("{\"op\": \"prefetch\", \"count\": 1, \"ref\": 123456789012345678901234567890}").get("code").asString())
                .isEqualTo("wrong-type");
        assertThat(reply("{\"op\": \"prefetch\", \"count\": 1, \"ref\": \"" + "r".repeat(64) + "\"}").get("ref").asString())
                .hasSize(64);
    }

    @Test
    void errorMessagesRepeatAtMost64CharactersOfAClientsName() {
        String op = "o".repeat(10_000);

        JsonNode unknownOp = reply("{\"op\": \"" + op + "\"}");
        JsonNode unknownField = reply("{\"op\": \"get\", \"" + op + "\": 1}");

        assertThat(unknownOp.get("code").asString()).isEqualTo("unknown-op");
        assertThat(unknownOp.get("message").asString()).contains("o".repeat(64) + "…").doesNotContain("o".repeat(65));
        assertThat(unknownField.get("message").asString()).doesNotContain("o".repeat(65));
    }

    @Test
    void controlFramesBeyondTheirLimitAreRefusedAsTooLarge() {
        JsonNode error = reply("{\"op\": \"register\", \"skill\": \"" + "x".repeat(ProtocolLimits.DEFAULT_MAX_CONTROL_FRAME_BYTES) + "\"}");

        assertThat(error.get("code").asString()).isEqualTo("too-large");
        assertThat(this.fixture.metrics.rejectedCount("v2", "too-large")).isEqualTo(1);
    }

    @Test
    void wildcardPatternsWithMoreThan32SegmentsAreRefused() {
        assertThat(reply("{\"op\": \"register\", \"skill\": \"" + "a.".repeat(31) + "#\"}").get("op").asString()).isEqualTo("ok");
        assertThat(reply("{\"op\": \"register\", \"skill\": \"" + "a.".repeat(32) + "#\"}").get("code").asString())
                .isEqualTo("invalid-skill");
    }

    @Test
    void aNewPatternBeyondTheBusWideCapIsTooManySkillsAndLeavesNothingBehind() {
        ProtocolFixture bounded = new ProtocolFixture(new dev.msgsuite.bus.routing.SkillRegistry<>(1));
        V2Protocol holder = new V2Protocol(bounded.context, new RecordingTransport(), Grant.ANONYMOUS);
        holder.onText("{\"op\": \"register\", \"skill\": \"held\"}");
        RecordingTransport lateLink = new RecordingTransport();
        V2Protocol late = new V2Protocol(bounded.context, lateLink, Grant.ANONYMOUS);

        late.onText("{\"op\": \"register\", \"skill\": \"other\"}");
        late.onText("{\"op\": \"register\", \"skill\": \"held\"}");

        List<JsonNode> replies = wire(late, lateLink).controls();
        assertThat(replies.get(0).get("code").asString()).isEqualTo("too-many-skills");
        assertThat(replies.get(1).get("op").asString()).isEqualTo("ok");
        assertThat(late.session().patterns()).extracting(SkillPattern::text).containsExactly("held");
    }
}
