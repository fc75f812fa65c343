package dev.msgsuite.bus.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.skillbus.protocol.CloseCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientSessionTests {

    private final RecordingTransport transport = new RecordingTransport();

    private ClientSession session(ProtocolVersion version, QueueLimits limits) {
        ClientSession session = new ClientSession("c1", version, "anonymous", limits, QueueEvents.NONE);
        session.attach(this.transport);
        return session;
    }

    private ClientSession session() {
        return session(ProtocolVersion.V1, new QueueLimits(100, 10_000, OverflowPolicy.DROP_OLDEST));
    }

    private static Packet packet(String payload) {
        return new Packet("s", payload.getBytes());
    }

    @Test
    void pullModeSendsNothingUntilAsked() {
        ClientSession session = session();
        session.pull(false);
        session.offer(packet("p1"));
        session.offer(packet("p2"));

        assertThat(this.transport.drainPayloads(session)).isEmpty();
    }

    @Test
    void pullModeSendsOnePacketPerRequestAndTheFirstRequestLosesNothing() {
        ClientSession session = session();
        session.pull(false);
        session.offer(packet("p1"));
        session.offer(packet("p2"));

        session.requestNext();
        assertThat(this.transport.drainPayloads(session)).containsExactly("p1");
        session.requestNext();
        session.requestNext();
        assertThat(this.transport.drainPayloads(session)).containsExactly("p2");
        assertThat(session.stats().queued()).isZero();
    }

    @Test
    void requestBeforeAnyPacketIsHonouredWhenOneArrives() {
        ClientSession session = session();
        session.pull(false);
        session.requestNext();

        session.offer(packet("p1"));
        session.offer(packet("p2"));

        assertThat(this.transport.drainPayloads(session)).containsExactly("p1");
    }

    @Test
    void untrackedPushStreamsEverything() {
        ClientSession session = session();
        session.pushUntracked();
        session.offer(packet("p1"));
        session.offer(packet("p2"));
        session.offer(packet("p3"));

        assertThat(this.transport.drainPayloads(session)).containsExactly("p1", "p2", "p3");
        assertThat(session.stats().inFlight()).isZero();
    }

    @Test
    void windowOfOneIsStopAndWait() {
        ClientSession session = session();
        session.pushWithWindow(1);
        session.offer(packet("p1"));
        session.offer(packet("p2"));

        assertThat(this.transport.drainPayloads(session)).containsExactly("p1");
        assertThat(this.transport.drainPayloads(session)).isEmpty();
        assertThat(session.ackOldest()).isTrue();
        assertThat(this.transport.drainPayloads(session)).containsExactly("p2");
        assertThat(session.ackOldest()).isTrue();
        assertThat(session.ackOldest()).isFalse();
    }

    @Test
    void resendSendsTheHeldPacketAgainWithoutLosingOrDuplicatingOthers() {
        ClientSession session = session();
        session.pushWithWindow(1);
        session.offer(packet("p1"));
        session.offer(packet("p2"));
        assertThat(this.transport.drainPayloads(session)).containsExactly("p1");

        assertThat(session.resendOldest()).isTrue();
        assertThat(this.transport.drainPayloads(session)).containsExactly("p1");
        session.ackOldest();
        assertThat(this.transport.drainPayloads(session)).containsExactly("p2");
    }

    @Test
    void resendWithNothingHeldDoesNothing() {
        ClientSession session = session();
        session.pull(false);
        session.offer(packet("p1"));

        assertThat(session.resendOldest()).isFalse();
        session.requestNext();
        assertThat(this.transport.drainPayloads(session)).containsExactly("p1");
    }

    @Test
    void windowAllowsThatManyUnacknowledgedAndAcksNameDeliveries() {
        ClientSession session = session(ProtocolVersion.V2, new QueueLimits(100, 10_000, OverflowPolicy.DROP_OLDEST));
        session.pushWithWindow(2);
        for (int i = 1; i <= 4; i++) {
            session.offer(packet("p" + i));
        }

        List<Outgoing> first = this.transport.drain(session);
        assertThat(first).extracting(frame -> ((Outgoing.Data) frame).id()).containsExactly(1L, 2L);
        assertThat(session.ack(2, false)).isEqualTo(1);
        assertThat(session.ack(2, false)).isZero();
        assertThat(this.transport.drain(session)).extracting(frame -> ((Outgoing.Data) frame).id()).containsExactly(3L);
        assertThat(session.ack(3, true)).isEqualTo(2);
        assertThat(this.transport.drainPayloads(session)).containsExactly("p4");
    }

    @Test
    void pullGrantsCountDeliveries() {
        ClientSession session = session();
        session.pull(true);
        for (int i = 1; i <= 5; i++) {
            session.offer(packet("p" + i));
        }

        session.grant(3);

        assertThat(this.transport.drainPayloads(session)).containsExactly("p1", "p2", "p3");
        assertThat(session.stats().inFlight()).isEqualTo(3);
    }

    @Test
    void fullQueueDropsOldestAndReportsItInV2() {
        ClientSession session = session(ProtocolVersion.V2, new QueueLimits(2, 10_000, OverflowPolicy.DROP_OLDEST));
        session.pull(true);
        session.offer(packet("p1"));
        session.offer(packet("p2"));
        session.offer(packet("p3"));
        session.offer(packet("p4"));
        session.grant(10);

        List<Outgoing> frames = this.transport.drain(session);

        assertThat(frames.getFirst()).isEqualTo(new Outgoing.Dropped(2, 2));
        assertThat(this.transport.drainPayloads(session)).isEmpty();
        assertThat(frames.subList(1, frames.size())).extracting(frame -> new String(((Outgoing.Data) frame).bytes()))
                .containsExactly("p3", "p4");
        assertThat(session.stats().dropped()).isEqualTo(2);
    }

    @Test
    void byteLimitBoundsTheQueueToo() {
        ClientSession session = session(ProtocolVersion.V1, new QueueLimits(100, 5, OverflowPolicy.DROP_OLDEST));
        session.pull(false);
        session.offer(packet("aa"));
        session.offer(packet("bb"));
        session.offer(packet("cc"));
        session.offer(packet("toolarge"));

        assertThat(session.stats().queuedBytes()).isEqualTo(4);
        assertThat(session.stats().dropped()).isEqualTo(2);
    }

    @Test
    void v1NeverGetsDropNotices() {
        ClientSession session = session(ProtocolVersion.V1, new QueueLimits(1, 10_000, OverflowPolicy.DROP_OLDEST));
        session.pushUntracked();
        session.offer(packet("p1"));
        session.offer(packet("p2"));

        List<Outgoing> frames = this.transport.drain(session);

        assertThat(frames).allMatch(Outgoing.Data.class::isInstance);
        assertThat(frames).extracting(frame -> new String(((Outgoing.Data) frame).bytes())).containsExactly("p2");
        assertThat(session.stats().dropped()).isEqualTo(1);
    }

    @Test
    void overflowUnderDisconnectPolicyClosesTheConnection() {
        ClientSession session = session(ProtocolVersion.V2, new QueueLimits(1, 10_000, OverflowPolicy.DISCONNECT));
        session.pull(false);
        session.offer(packet("p1"));
        assertThat(session.offer(packet("p2"))).isFalse();

        assertThat(this.transport.drain(session)).singleElement().isInstanceOfSatisfying(Outgoing.Close.class,
                close -> assertThat(close.code()).isEqualTo(CloseCode.QUEUE_OVERFLOW));
        assertThat(session.closing()).isTrue();
        assertThat(session.stats().dropped()).isEqualTo(2);
    }

    @Test
    void detachRequeuesHeldPacketsFirstWithTheirIdsForTheNextConnection() {
        ClientSession session = session(ProtocolVersion.V2, new QueueLimits(100, 10_000, OverflowPolicy.DROP_OLDEST));
        session.pushWithWindow(2);
        session.offer(packet("p1"));
        session.offer(packet("p2"));
        session.offer(packet("p3"));
        assertThat(this.transport.drain(session)).hasSize(2);

        assertThat(session.detach(this.transport)).isTrue();
        session.offer(packet("p4"));
        assertThat(session.next(this.transport)).isNull();

        RecordingTransport next = new RecordingTransport();
        assertThat(session.attach(next)).isNull();
        assertThat(next.drain(session)).extracting(frame -> ((Outgoing.Data) frame).id()).containsExactly(1L, 2L);
        session.ack(2, true);
        assertThat(next.drain(session)).extracting(frame -> ((Outgoing.Data) frame).id()).containsExactly(3L, 4L);
    }

    @Test
    void aConnectionThatLostTheSessionCannotDetachOrDrainIt() {
        ClientSession session = session();
        RecordingTransport taker = new RecordingTransport();

        assertThat(session.attach(taker)).isSameAs(this.transport);

        assertThat(session.detach(this.transport)).isFalse();
        assertThat(session.attached()).isTrue();
        session.pushUntracked();
        session.offer(packet("p1"));
        assertThat(this.transport.drain(session)).isEmpty();
        assertThat(taker.drainPayloads(session)).containsExactly("p1");
    }

    @Test
    void repliesGoAheadOfDataAndUnreadRepliesAreBounded() {
        ClientSession session = session(ProtocolVersion.V2, new QueueLimits(100, 10_000, OverflowPolicy.DROP_OLDEST));
        session.pushUntracked();
        session.offer(packet("p1"));
        session.reply("{\"op\":\"ok\"}");

        assertThat(this.transport.drain(session)).first().isEqualTo(new Outgoing.Control("{\"op\":\"ok\"}"));

        for (int i = 0; i <= ClientSession.MAX_UNREAD_REPLIES; i++) {
            session.reply("{}");
        }
        assertThat(session.next(this.transport)).isInstanceOf(Outgoing.Close.class);
    }

    @Test
    void newWorkWakesTheAttachedConnection() {
        ClientSession session = session();
        int before = this.transport.wakes;

        session.offer(packet("p1"));

        assertThat(this.transport.wakes).isGreaterThan(before);
        assertThat(session.ready(this.transport)).isFalse();
        session.requestNext();
        assertThat(session.ready(this.transport)).isTrue();
    }

    @Test
    void discardCountsWhatWasLost() {
        ClientSession session = session();
        session.offer(packet("p1"));
        session.offer(packet("p2"));

        assertThat(session.discard()).isEqualTo(2);
        assertThat(session.stats().dropped()).isEqualTo(2);
    }
}
