package dev.msgsuite.bus.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.skillbus.protocol.CloseCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a session holds stays within its bounds and the shared memory budget, whatever its client asks for. */
class SessionBoundsTests {

    private static Packet packet(String payload) {
        return new Packet("s", payload.getBytes());
    }

    private static ClientSession session(String id, QueueLimits limits, MemoryBudget budget, RecordingTransport transport) {
        ClientSession session = new ClientSession(id, ProtocolVersion.V2, "anonymous", limits, QueueEvents.NONE, budget);
        session.attach(transport);
        return session;
    }

    @Test
    void pullGrantsAddUpOnlyToTheInFlightBoundAndUnackedDeliveriesCountAgainstIt() {
        RecordingTransport transport = new RecordingTransport();
        ClientSession session = session("c1", new QueueLimits(100, 10_000, OverflowPolicy.DROP_OLDEST, 3, 10_000, 1000),
                MemoryBudget.unlimited(), transport);
        session.pull(true);
        for (int i = 1; i <= 10; i++) {
            session.offer(packet("p" + i));
        }

        session.grant(2);
        session.grant(Integer.MAX_VALUE);

        assertThat(transport.drainPayloads(session)).containsExactly("p1", "p2", "p3");
        session.grant(5);
        assertThat(transport.drainPayloads(session)).isEmpty();
        session.ack(1, false);
        assertThat(transport.drainPayloads(session)).containsExactly("p4");
        assertThat(session.stats().inFlight()).isEqualTo(3);
    }

    @Test
    void packetsInFlightAreBoundedByBytesButOneAlwaysGoesOut() {
        RecordingTransport transport = new RecordingTransport();
        ClientSession session = session("c1", new QueueLimits(100, 10_000, OverflowPolicy.DROP_OLDEST, 100, 5, 1000),
                MemoryBudget.unlimited(), transport);
        session.pushWithWindow(100);
        session.offer(packet("toolong"));
        session.offer(packet("aa"));
        session.offer(packet("bb"));
        session.offer(packet("cc"));

        assertThat(transport.drainPayloads(session)).containsExactly("toolong");
        session.ack(1, false);
        assertThat(transport.drainPayloads(session)).containsExactly("aa", "bb");
        assertThat(session.stats().inFlightBytes()).isEqualTo(4);
        session.ack(3, true);
        assertThat(transport.drainPayloads(session)).containsExactly("cc");
    }

    @Test
    void unreadRepliesAreBoundedByCharactersToo() {
        RecordingTransport transport = new RecordingTransport();
        ClientSession session = session("c1", new QueueLimits(100, 10_000, OverflowPolicy.DROP_OLDEST, 100, 10_000, 100),
                MemoryBudget.unlimited(), transport);

        session.reply("x".repeat(60));
        session.reply("y".repeat(60));

        List<Outgoing> frames = transport.drain(session);
        assertThat(frames).last().isInstanceOfSatisfying(Outgoing.Close.class,
                close -> assertThat(close.code()).isEqualTo(CloseCode.REPLIES_UNREAD));
    }

    @Test
    void aFullBudgetShedsTheOldestPacketsOfTheLargestQueueAndTheSmallQueueIsServed() {
        MemoryBudget budget = new MemoryBudget(640);
        RecordingTransport stalledLink = new RecordingTransport();
        RecordingTransport goodLink = new RecordingTransport();
        QueueLimits limits = new QueueLimits(1000, 10_000, OverflowPolicy.DROP_OLDEST);
        ClientSession stalled = session("stalled", limits, budget, stalledLink);
        ClientSession good = session("good", limits, budget, goodLink);
        budget.shedFrom(() -> List.of(stalled, good));
        stalled.pull(true);
        good.pushUntracked();

        for (int i = 0; i < 100; i++) {
            String payload = "%08d".formatted(i);
            stalled.offer(packet(payload));
            assertThat(good.offer(packet(payload))).isTrue();
            assertThat(goodLink.drainPayloads(good)).containsExactly(payload);
        }

        assertThat(budget.used()).isLessThanOrEqualTo(640);
        assertThat(stalled.stats().dropped()).isGreaterThan(0);
        assertThat(stalled.stats().queued() + stalled.stats().dropped()).isEqualTo(100);
        assertThat(good.stats().dropped()).isZero();
        stalled.grant(1);
        assertThat(stalledLink.drain(stalled).getFirst()).isInstanceOf(Outgoing.Dropped.class);
    }

    @Test
    void everyByteReturnsToTheBudgetWhenPacketsAreAckedSentOrDiscarded() {
        MemoryBudget budget = new MemoryBudget(1_000_000);
        RecordingTransport transport = new RecordingTransport();
        ClientSession session = session("c1", new QueueLimits(3, 10_000, OverflowPolicy.DROP_OLDEST), budget, transport);
        session.pushWithWindow(2);
        for (int i = 0; i < 6; i++) {
            session.offer(packet("p" + i));
        }
        session.reply("{\"op\":\"ok\"}");
        assertThat(budget.used()).isEqualTo(3 * 2 + 11);

        transport.drain(session);
        assertThat(budget.used()).isEqualTo(3 * 2);
        session.ack(2, true);
        assertThat(budget.used()).isEqualTo(2);
        session.detach(transport);
        session.discard();
        assertThat(budget.used()).isZero();
    }

    @Test
    void underTheDisconnectPolicyAFullBudgetClosesTheLargestQueue() {
        MemoryBudget budget = new MemoryBudget(64);
        RecordingTransport transport = new RecordingTransport();
        ClientSession session = session("c1", new QueueLimits(1000, 10_000, OverflowPolicy.DISCONNECT), budget, transport);
        budget.shedFrom(() -> List.of(session));
        session.pull(true);
        for (int i = 0; i < 40; i++) {
            session.offer(packet("%08d".formatted(i)));
        }

        assertThat(transport.drain(session)).last().isInstanceOfSatisfying(Outgoing.Close.class,
                close -> assertThat(close.code()).isEqualTo(CloseCode.QUEUE_OVERFLOW));
        assertThat(budget.used()).isZero();
    }
}
