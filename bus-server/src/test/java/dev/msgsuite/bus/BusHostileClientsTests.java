package dev.msgsuite.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.metrics.BusMetrics;
import dev.msgsuite.bus.routing.SkillBus;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.MemoryBudget;
import dev.msgsuite.bus.session.SessionStore;
import dev.msgsuite.bus.websocket.BusWebSocketHandler;
import dev.msgsuite.bus.websocket.RawWebSocket;
import dev.msgsuite.bus.websocket.TestClient;
import dev.msgsuite.skillbus.protocol.Subprotocol;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attacks of the hostile-input review against a real bus over real websockets, with small
 * limits so each one reaches them quickly. After each: the process is alive, its heap within
 * its maximum, the sessions within the memory budget, and a well-behaved publisher and
 * subscriber exchange every packet exactly once and in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "skillbus.queue.max-bytes=1MB",
        "skillbus.queue.max-in-flight-bytes=256KB",
        "skillbus.limits.max-total-queued-bytes=4MB",
        "skillbus.limits.max-pending-reply-bytes=64KB",
        "skillbus.limits.max-connections-per-address=40",
        "skillbus.limits.max-patterns=3000",
        "skillbus.limits.ping-interval=300ms",
        "skillbus.limits.idle-timeout=2s" })
@ExtendWith(OutputCaptureExtension.class)
class BusHostileClientsTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final int PACKET_BYTES = 2048;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    SessionStore sessions;

    @Autowired
    MemoryBudget budget;

    @Autowired
    BusMetrics metrics;

    @Autowired
    BusWebSocketHandler handler;

    @Autowired
    SkillBus bus;

    private final List<TestClient> clients = new ArrayList<>();

    private TestClient track(TestClient client) {
        this.clients.add(client);
        return client;
    }

    @AfterEach
    void closeClients() {
        this.clients.forEach(TestClient::close);
        // named v2 sessions stay detached for their resume window; nothing may stay attached
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(this.handler.connectionCount()).isZero();
            assertThat(this.sessions.all()).noneMatch(ClientSession::attached);
        });
    }

    @Test
    void neverAckingPullClientsAndStalledV1ClientsStayWithinTheirBoundsAndTheBudget() {
        IntStream.range(0, 6).forEach(i -> track(TestClient.v1(this.port)).text("{\"register\": \"traffic.#\"}"));
        TestClient neverAcks = track(TestClient.v2(this.port));
        neverAcks.text("{\"op\": \"register\", \"skill\": \"traffic.#\"}");
        for (int i = 0; i < 5; i++) {
            neverAcks.text("{\"op\": \"pull\", \"count\": 10000}");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(neverAcks.texts).hasSize(6));
        await().atMost(WAIT).untilAsserted(() -> assertThat(this.sessions.all()).filteredOn(ClientSession::attached).hasSize(7));

        int published = wellBehavedPairExchanges("traffic.flow", 1500);

        assertThat(this.budget.used()).isLessThanOrEqualTo(this.budget.limit());
        assertThat(this.metrics.packetsShed()).isPositive();
        ClientSession pull = this.sessions.all().stream().filter(session -> session.stats().flow().equals("pull(held)")).findFirst()
                .orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> assertThat(pull.stats().inFlightBytes()).isBetween(1L, 256L * 1024));
        List<ClientSession> hostile = this.sessions.all().stream().filter(session -> !session.patterns().isEmpty()
                && session.stats().flow().startsWith("pull")).toList();
        assertThat(hostile).hasSize(7).allSatisfy(session -> {
            ClientSession.Stats stats = session.stats();
            assertThat(stats.queuedBytes()).isLessThanOrEqualTo(1024 * 1024);
            assertThat(stats.queued() + stats.inFlight() + stats.dropped()).as(session.id()).isEqualTo(published);
        });
        assertAlive();
    }

    @Test
    void aClientFloodingFramesWhoseRepliesItNeverReadsIsBoundedAndOthersAreServed() {
        double closedBefore = this.metrics.sessionsClosed(4009);
        TestClient flooder = track(TestClient.v2NotReading(this.port));
        String ref = "r".repeat(60);
        int sent = 0;
        while (sent < 30_000 && !flooder.isClosed()) {
            try {
                flooder.text("{\"op\": \"deregister\", \"skill\": \"nothing.here\", \"ref\": \"" + ref + "\"}");
            }
            catch (RuntimeException closedByTheBus) {
                break;
            }
            sent++;
            assertThat(this.budget.used()).isLessThanOrEqualTo(this.budget.limit());
        }

        // its replies pile up once its socket buffers are full: the session closes the connection (4009)
        await().atMost(WAIT).untilAsserted(() -> assertThat(this.metrics.sessionsClosed(4009) - closedBefore).isEqualTo(1));
        wellBehavedPairExchanges("flood.check", 200);
        assertAlive();
    }

    @Test
    void connectionsBeyondThePerAddressCapAreRefusedAtTheHandshake() {
        double refusedBefore = this.metrics.connectionsRefused("address");
        for (int i = 0; i < 40; i++) {
            track(TestClient.v1(this.port));
        }
        // a connection counts once the bus has set it up, a moment after the client saw its handshake answered
        await().atMost(WAIT).untilAsserted(() -> assertThat(this.handler.connectionCount()).isEqualTo(40));

        int status = TestClient.refusedHandshake(URI.create("ws://localhost:" + this.port + "/ws"), null, Map.of());
        int statusV2 = TestClient.refusedHandshake(URI.create("ws://localhost:" + this.port + "/"), Subprotocol.V2,
                Map.of());

        assertThat(status).isEqualTo(429);
        assertThat(statusV2).isEqualTo(429);
        assertThat(this.metrics.connectionsRefused("address") - refusedBefore).isEqualTo(2);
        this.clients.forEach(TestClient::close);
        this.clients.clear();
        await().atMost(WAIT).untilAsserted(() -> assertThat(this.handler.connectionCount()).isZero());
        wellBehavedPairExchanges("after.cap", 100);
        assertAlive();
    }

    @Test
    void aHalfOpenConnectionIsClosedAfterTheIdleTimeoutAndPingedClientsStay() throws IOException {
        double idleBefore = this.metrics.connectionsRefused("idle");
        TestClient answersPings = track(TestClient.v2(this.port));
        try (RawWebSocket halfOpen = RawWebSocket.open(this.port, "/ws", null)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(this.handler.connectionCount()).isEqualTo(2));

            // from here on the socket neither reads nor sends: no pong, no frame
            await().atMost(WAIT).untilAsserted(() -> assertThat(this.handler.connectionCount()).isEqualTo(1));
        }
        assertThat(this.metrics.connectionsRefused("idle") - idleBefore).isEqualTo(1);
        assertThat(answersPings.isClosed()).isFalse();
        wellBehavedPairExchanges("after.idle", 100);
        assertAlive();
    }

    @Test
    void anIdleNamedSessionIsClosedWith1001AndResumesWithinTheWindow() throws IOException {
        String secret;
        RawWebSocket.Frame close;
        try (RawWebSocket silent = RawWebSocket.open(this.port, "/ws", Subprotocol.V2)) {
            silent.sendText("{\"op\": \"hello\", \"session\": \"goes-idle\"}");
            secret = JSON.readTree(silent.readUntil(1).text()).get("resumeSecret").asString();
            silent.sendText("{\"op\": \"register\", \"skill\": \"idle.#\"}");
            silent.readUntil(1);

            // silent from here on: pings go unanswered until the idle timeout closes the connection
            await().atMost(WAIT).untilAsserted(() -> assertThat(this.handler.connectionCount()).isZero());
            close = silent.readUntil(8);
        }
        assertThat(close.closeCode()).isEqualTo(1001);
        ClientSession detached = this.sessions.find("goes-idle").orElseThrow();
        assertThat(this.sessions.isDetached(detached)).isTrue();
        TestClient publisher = track(TestClient.v1(this.port));
        publisher.publish("idle.news", "while-away");

        TestClient resumer = track(TestClient.v2(this.port));
        resumer.text("{\"op\": \"hello\", \"session\": \"goes-idle\", \"secret\": \"" + secret + "\"}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(resumer.deliveries()).extracting(TestClient.V2Delivery::payload)
                .containsExactly("while-away"));
        assertThat(resumer.controls().getFirst().get("resumed").asBoolean()).isTrue();
        resumer.text("{\"op\": \"ack\", \"id\": 1}").text("{\"op\": \"deregister\", \"skill\": \"idle.#\"}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(resumer.texts).hasSize(3));
        assertAlive();
    }

    @Test
    void manyPatternsAndUncachedRoutesStayWithinThePatternCap() {
        List<TestClient> registrants = IntStream.range(0, 12).mapToObj(i -> track(TestClient.v2(this.port))).toList();
        for (int c = 0; c < registrants.size(); c++) {
            TestClient client = registrants.get(c);
            for (int p = 0; p < 256; p++) {
                client.text("{\"op\": \"register\", \"skill\": \"#.c" + c + ".*.p" + p + ".#\"}");
            }
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(registrants)
                .allSatisfy(client -> assertThat(client.texts).hasSize(256)));
        long refused = registrants.stream().flatMap(client -> client.controls().stream())
                .filter(reply -> reply.get("op").asString().equals("error")).peek(reply -> assertThat(reply.get("code").asString())
                        .isEqualTo("too-many-skills")).count();
        assertThat(refused).isEqualTo(12 * 256 - 3000);
        TestClient publisher = track(TestClient.v1(this.port));
        double before = this.metrics.packetsIn();
        for (int i = 0; i < 2000; i++) {
            publisher.publish("uncached.c" + (i % 12) + ".x" + i + ".p" + (i % 256), "probe");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(this.metrics.packetsIn() - before).isEqualTo(2000));

        // the cap holds for everyone; a client that leaves makes room for new patterns
        registrants.getFirst().close();
        await().atMost(WAIT).untilAsserted(() -> assertThat(this.bus.registry().patternCount()).isEqualTo(3000 - 256));
        wellBehavedPairExchanges("after.patterns", 200);
        assertAlive();
    }

    @Test
    void forgedLogFramesAreEscapedCountedAndRateLimited(CapturedOutput output) {
        double before = this.metrics.rejectedCount("v1", "unknown-op");
        TestClient forger = track(TestClient.v1(this.port));
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            forger.text("{\"x\\n2026-01-01T00:00:00.000Z ERROR 1 --- [main] forged.Logger : forged line\\u202e\":1}");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(this.metrics.rejectedCount("v1", "unknown-op") - before).isEqualTo(1000));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 2;

        assertThat(output.getOut().lines()).noneMatch(line -> line.startsWith("2026-01-01T00:00:00.000Z ERROR"));
        assertThat(output.getOut()).doesNotContain("\u202e");
        long logged = output.getOut().lines().filter(line -> line.contains("refused frame (unknown-op)")).count();
        assertThat(logged).isPositive().isLessThanOrEqualTo(10 * seconds);
        wellBehavedPairExchanges("after.forgery", 100);
        assertAlive();
    }

    /** A v1 publisher and a v2 subscriber (acking, window 50) exchange {@code count} packets; returns how many were published. */
    private int wellBehavedPairExchanges(String skill, int count) {
        TestClient subscriber = track(TestClient.v2(this.port));
        subscriber.text("{\"op\": \"register\", \"skill\": \"" + skill.substring(0, skill.indexOf('.')) + ".#\"}")
                .text("{\"op\": \"prefetch\", \"count\": 50}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(subscriber.texts).hasSize(2));
        TestClient publisher = track(TestClient.v1(this.port));
        double publishedBefore = this.metrics.packetsIn();
        String filler = "f".repeat(PACKET_BYTES - 64);
        int acked = 0;
        for (int i = 0; i < count; i++) {
            publisher.publish(skill, i + ":" + filler);
            if (i % 50 == 49 || i == count - 1) {
                int expected = i + 1;
                await().atMost(WAIT).untilAsserted(() -> assertThat(subscriber.binaries).hasSizeGreaterThanOrEqualTo(expected));
                List<TestClient.V2Delivery> deliveries = subscriber.deliveries();
                subscriber.text("{\"op\": \"ack\", \"id\": " + deliveries.getLast().id() + ", \"multiple\": true}");
                acked = deliveries.size();
            }
        }
        assertThat(acked).isEqualTo(count);
        assertThat(subscriber.deliveries()).extracting(delivery -> delivery.payload().substring(0, delivery.payload().indexOf(':')))
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(String::valueOf).toList());
        assertThat(this.metrics.packetsIn() - publishedBefore).isEqualTo(count);
        assertThat(subscriber.controls()).noneMatch(reply -> reply.get("op").asString().equals("dropped"));
        return count;
    }

    private void assertAlive() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        assertThat(heap.getUsed()).isLessThan(heap.getMax());
        assertThat(this.budget.used()).isLessThanOrEqualTo(this.budget.limit());
        assertThat(TestClient.v2(this.port)).satisfies(probe -> {
            probe.text("{\"op\": \"prefetch\", \"count\": 1}");
            await().atMost(WAIT).untilAsserted(() -> assertThat(probe.texts).hasSize(1));
            probe.close();
        });
    }
}
