package dev.msgsuite.bus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.websocket.TestClient;
import dev.msgsuite.skillbus.client.Delivery;
import dev.msgsuite.skillbus.client.SkillBusClient;
import dev.msgsuite.skillbus.client.SkillBusException;
import dev.msgsuite.skillbus.client.SkillBusListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The JVM client against a real bus-server (small frame limit: an oversized packet is how a test
 * loses its connection; short resume window: a released session is how a restarted client gets its name back).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "skillbus.limits.max-frame-size=16KB",
        "skillbus.resume.window=2s" })
@AutoConfigureRestTestClient
class SkillBusClientTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    /** Records what the client's listener sees. */
    static final class Recorder implements SkillBusListener {

        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

        final List<Boolean> connections = new CopyOnWriteArrayList<>();

        final List<Integer> disconnections = new CopyOnWriteArrayList<>();

        @Override
        public void onDelivery(Delivery delivery) {
            this.deliveries.add(delivery);
        }

        @Override
        public void onConnected(boolean resumed) {
            this.connections.add(resumed);
        }

        @Override
        public void onDisconnected(int closeCode, String reason) {
            this.disconnections.add(closeCode);
        }

        List<String> payloads() {
            return this.deliveries.stream().map(delivery -> delivery.payload().asString()).toList();
        }
    }

    private SkillBusClient client(String session, Recorder recorder, int prefetch) {
        return SkillBusClient.builder(URI.create("ws://localhost:" + this.port + "/ws")).session(session)
                .prefetch(prefetch).backoff(Duration.ofMillis(50), Duration.ofMillis(500)).listener(recorder).build();
    }

    @Test
    void registersPublishesReceivesAndAcks() {
        Recorder recorder = new Recorder();
        try (SkillBusClient subscriber = client("client-basic", recorder, 1);
                SkillBusClient publisher = client("client-publisher", new Recorder(), 0)) {
            subscriber.connect().join();
            publisher.connect().join();
            subscriber.register("client.rooms.*").join();

            publisher.publish("client.rooms.kitchen", "21C").join();
            publisher.publish("client.rooms.hall", Map.of("celsius", 19)).join();

            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.deliveries).hasSize(1));
            Delivery first = recorder.deliveries.getFirst();
            assertThat(first.skill()).isEqualTo("client.rooms.kitchen");
            assertThat(first.payload().asString()).isEqualTo("21C");
            assertThat(subscriber.ack(first.id()).join().get("released").asInt()).isEqualTo(1);
            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.deliveries).hasSize(2));
            assertThat(recorder.deliveries.get(1).payload().get("celsius").asInt()).isEqualTo(19);
        }
    }

    @Test
    void refusedRequestsFailWithTheProtocolErrorCode() {
        try (SkillBusClient client = client("client-errors", new Recorder(), 1)) {
            client.connect().join();

            Throwable failure = catchThrowable(() -> client.register("a..b").join());

            assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(SkillBusException.class,
                    error -> assertThat(error.code()).isEqualTo("invalid-skill"));
            assertThat(catchThrowable(() -> client.ack(12345).join())).cause().isInstanceOfSatisfying(SkillBusException.class,
                    error -> assertThat(error.code()).isEqualTo("unknown-delivery"));
        }
    }

    @Test
    void anotherConnectionNamingTheSessionIsRefusedAndTheClientStaysConnected() {
        Recorder recorder = new Recorder();
        try (SkillBusClient owner = client("client-owned", recorder, 1);
                SkillBusClient publisher = client("client-owned-publisher", new Recorder(), 0)) {
            owner.connect().join();
            publisher.connect().join();
            owner.register("client.owned").join();

            try (TestClient intruder = TestClient.v2(this.port)) {
                intruder.text("{\"op\": \"hello\", \"session\": \"client-owned\"}");
                await().atMost(WAIT).untilAsserted(() -> assertThat(intruder.controls()).singleElement()
                        .satisfies(reply -> assertThat(reply.get("code").asString()).isEqualTo("session-taken")));
            }
            publisher.publish("client.owned", "p1").join();

            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.payloads()).containsExactly("p1"));
            assertThat(recorder.disconnections).isEmpty();
            assertThat(owner.isConnected()).isTrue();
        }
    }

    @Test
    void newClientNamingALiveSessionKeepsRetryingUntilTheServerReleasesIt() {
        Recorder restarted = new Recorder();
        try (SkillBusClient first = client("client-restart", new Recorder(), 1)) {
            first.connect().join();
        }
        try (SkillBusClient second = client("client-restart", restarted, 1)) {
            // refused with session-taken (no secret) until the 2 s resume window has passed
            second.connect().orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();

            await().atMost(WAIT).untilAsserted(() -> assertThat(restarted.connections).containsExactly(false));
            assertThat(second.session()).isEqualTo("client-restart");
        }
    }

    @Test
    void reconnectsAndResumesRedeliveringWhatWasNotAcknowledged() {
        Recorder recorder = new Recorder();
        try (SkillBusClient subscriber = client("client-resume", recorder, 1);
                SkillBusClient publisher = client("client-resume-publisher", new Recorder(), 0)) {
            subscriber.connect().join();
            publisher.connect().join();
            subscriber.register("client.resume").join();
            publisher.publish("client.resume", "p1").join();
            publisher.publish("client.resume", "p2").join();
            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.payloads()).containsExactly("p1"));

            // the server closes the connection (1009: frame over the limit); the client resumes with its secret
            subscriber.publishPacket(("{\"skill\": \"client.resume\", \"payload\": \"" + "x".repeat(20_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.disconnections).contains(1009));

            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.connections).containsExactly(false, true));
            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.payloads()).containsExactly("p1", "p1"));
            assertThat(recorder.deliveries.get(1).id()).isEqualTo(recorder.deliveries.get(0).id());
            subscriber.ack(recorder.deliveries.get(1).id()).join();
            await().atMost(WAIT).untilAsserted(() -> assertThat(recorder.payloads()).containsExactly("p1", "p1", "p2"));
        }
    }
}
