package dev.msgsuite.bus.protocol;

import static dev.msgsuite.bus.protocol.ProtocolFixture.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.bus.auth.Grant;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.bus.session.Outgoing;
import dev.msgsuite.bus.session.RecordingTransport;
import java.util.List;
import org.junit.jupiter.api.Test;

class V1ProtocolTests {

    private final ProtocolFixture fixture = new ProtocolFixture();

    private final RecordingTransport publisherLink = new RecordingTransport();

    private final V1Protocol publisher = new V1Protocol(this.fixture.context, this.publisherLink, Grant.ANONYMOUS);

    private final RecordingTransport link = new RecordingTransport();

    private final V1Protocol client = new V1Protocol(this.fixture.context, this.link, Grant.ANONYMOUS);

    private List<String> received() {
        return this.link.drainPayloads(this.client.session());
    }

    @Test
    void forwardsTheOriginalBytesUnchangedToRegisteredClients() {
        this.client.onText("{\"register\": \"skill1\"}");
        this.client.onText("{\"fastpush\": true}");
        byte[] original = "{ \"payload\" : 1,   \"skill\":\"skill1\" }".getBytes();

        this.publisher.onBinary(original);

        assertThat(this.link.drain(this.client.session())).singleElement()
                .isInstanceOfSatisfying(Outgoing.Data.class, data -> assertThat(data.bytes()).isEqualTo(original));
    }

    @Test
    void senderReceivesItsOwnPacketWhenRegistered() {
        this.publisher.onText("{\"register\": \"skill1\"}");
        this.publisher.onText("{\"fastpush\": true}");

        this.publisher.onBinary(packet("skill1", "mine"));

        assertThat(this.publisherLink.drainPayloads(this.publisher.session())).hasSize(1);
    }

    @Test
    void pullModeSendsOnePacketPerAckStartingWithTheFirst() {
        this.client.onText("{\"register\": \"skill1\"}");
        this.publisher.onBinary(packet("skill1", "p1"));
        this.publisher.onBinary(packet("skill1", "p2"));
        assertThat(received()).isEmpty();

        this.client.onText("{\"ack\": \"\"}");
        assertThat(received()).singleElement().asString().contains("p1");
        this.client.onText("{\"ack\": \"\"}");
        assertThat(received()).singleElement().asString().contains("p2");
    }

    @Test
    void fastPushWithBufferingIsStopAndWaitAndGetResendsTheHeldPacket() {
        this.client.onText("{\"register\": \"skill1\"}");
        this.client.onText("{\"buffering\": true}");
        this.client.onText("{\"fastpush\": true}");
        this.publisher.onBinary(packet("skill1", "p1"));
        this.publisher.onBinary(packet("skill1", "p2"));

        assertThat(received()).singleElement().asString().contains("p1");
        this.client.onText("{\"get\": \"\"}");
        assertThat(received()).singleElement().asString().contains("p1");
        this.client.onText("{\"ack\": \"\"}");
        assertThat(received()).singleElement().asString().contains("p2");
        this.client.onText("{\"ack\": \"\"}");
        assertThat(received()).isEmpty();
    }

    @Test
    void getWithBufferingOffLosesNothing() {
        this.client.onText("{\"register\": \"skill1\"}");
        this.publisher.onBinary(packet("skill1", "p1"));

        this.client.onText("{\"get\": \"\"}");
        this.client.onText("{\"ack\": \"\"}");

        assertThat(received()).singleElement().asString().contains("p1");
    }

    @Test
    void registeringTwiceDeliversOnce() {
        this.client.onText("{\"register\": \"skill1\"}");
        this.client.onText("{\"register\": \"skill1\"}");
        this.client.onText("{\"fastpush\": true}");

        this.publisher.onBinary(packet("skill1", "p1"));

        assertThat(received()).hasSize(1);
    }

    @Test
    void deregisterStopsDelivery() {
        this.client.onText("{\"register\": \"skill1\"}");
        this.client.onText("{\"fastpush\": true}");
        this.client.onText("{\"deregister\": \"skill1\"}");

        this.publisher.onBinary(packet("skill1", "p1"));

        assertThat(received()).isEmpty();
        assertThat(this.fixture.bus.registry().patterns()).isEmpty();
    }

    @Test
    void firstKnownKeyWins() {
        this.client.onText("{\"register\": \"skill1\", \"fastpush\": true}");
        this.publisher.onBinary(packet("skill1", "p1"));

        assertThat(received()).isEmpty();
        assertThat(this.client.session().patterns()).containsExactly(SkillPattern.parse("skill1"));
    }

    @Test
    void badInputIsCountedNeverAnsweredAndChangesNothing() {
        this.client.onText("{\"register\": \"skill1\"}");
        this.client.onText("{\"fastpush\": true}");

        this.client.onText("not json");
        this.client.onText("[\"register\", \"skill2\"]");
        this.client.onText("{\"register\": 42}");
        this.client.onText("{\"fastpush\": \"yes\"}");
        this.client.onText("{\"subscribe\": \"skill2\"}");
        this.client.onText("{\"register\": \"bad..skill\"}");
        this.publisher.onBinary("not json".getBytes());
        this.publisher.onBinary("{\"payload\": 1}".getBytes());
        this.publisher.onBinary("{\"skill\": 7}".getBytes());
        this.publisher.onBinary("[1, 2]".getBytes());

        this.publisher.onBinary(packet("skill1", "still-works"));
        assertThat(this.link.drain(this.client.session())).singleElement().isInstanceOf(Outgoing.Data.class);
        assertThat(this.link.closes).isEmpty();
        assertThat(this.fixture.metrics.rejectedCount("v1", "bad-json")).isEqualTo(1);
        assertThat(this.fixture.metrics.rejectedCount("v1", "not-an-object")).isEqualTo(1);
        assertThat(this.fixture.metrics.rejectedCount("v1", "wrong-type")).isEqualTo(2);
        assertThat(this.fixture.metrics.rejectedCount("v1", "unknown-op")).isEqualTo(1);
        assertThat(this.fixture.metrics.rejectedCount("v1", "invalid-skill")).isEqualTo(1);
        assertThat(this.fixture.metrics.rejectedCount("v1", "bad-packet")).isEqualTo(4);
    }

    @Test
    void tooManyRegistrationsAreRefused() {
        for (String skill : List.of("a", "b", "c", "d")) {
            this.client.onText("{\"register\": \"" + skill + "\"}");
        }

        assertThat(this.client.session().patterns()).hasSize(3);
        assertThat(this.fixture.metrics.rejectedCount("v1", "too-many-skills")).isEqualTo(1);
    }

    @Test
    void disconnectReleasesRegistrationsAndCountsWhatWasUndelivered() {
        this.client.onText("{\"register\": \"skill1\"}");
        this.publisher.onBinary(packet("skill1", "p1"));

        this.client.onClosed();

        assertThat(this.fixture.bus.registry().patterns()).isEmpty();
        assertThat(this.fixture.store.find(this.client.session().id())).isEmpty();
        assertThat(this.fixture.metrics.packetsDropped()).isEqualTo(1);
    }
}
