package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.websocket.TestClient.V2Delivery;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "skillbus.auth.tokens[0].name=admin", "skillbus.auth.tokens[0].token=admin-secret",
        "skillbus.auth.tokens[1].name=sensor", "skillbus.auth.tokens[1].token=sensor-secret",
        "skillbus.auth.tokens[1].publish=sensors.#", "skillbus.auth.tokens[1].subscribe=sensors.*",
        "skillbus.queue.max-packets=5", "skillbus.limits.max-skills-per-client=2", "skillbus.limits.max-frame-size=4KB" })
class RestrictedBusTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private final List<TestClient> clients = new ArrayList<>();

    private TestClient connect(String token) {
        TestClient client = TestClient.connect(uri(""), BusWebSocketHandler.V2_SUBPROTOCOL, token);
        this.clients.add(client);
        return client;
    }

    private URI uri(String query) {
        return URI.create("ws://localhost:" + this.port + "/ws" + query);
    }

    @AfterEach
    void closeClients() {
        this.clients.forEach(TestClient::close);
    }

    private static List<String> outcomes(TestClient client, int count) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.texts).hasSizeGreaterThanOrEqualTo(count));
        return client.controls().stream().map(node -> node.get("op").asString() + ":" + node.path("code").asString("")).toList();
    }

    @Test
    void handshakeWithoutOrWithAWrongTokenIsRefusedWith401() {
        for (String token : new String[] { null, "wrong" }) {
            Throwable failure = catchThrowable(() -> TestClient.connect(uri(""), BusWebSocketHandler.V2_SUBPROTOCOL, token));

            assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).isEqualTo(401);
        }
    }

    @Test
    void browsersMayPassTheTokenAsAQueryParameter() {
        TestClient client = TestClient.connect(uri("?access_token=admin-secret"), null, null);
        this.clients.add(client);

        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void tokenLimitsWhatMayBeRegisteredAndPublished() {
        TestClient sensor = connect("sensor-secret");

        sensor.text("{\"op\": \"register\", \"skill\": \"sensors.temp\"}")
                .text("{\"op\": \"register\", \"skill\": \"#\"}")
                .publish("actuators.valve", "open");

        assertThat(outcomes(sensor, 3)).containsExactly("ok:", "error:forbidden", "error:forbidden");
    }

    @Test
    void registrationsPerClientAreLimited() {
        TestClient admin = connect("admin-secret");

        admin.text("{\"op\": \"register\", \"skill\": \"a\"}").text("{\"op\": \"register\", \"skill\": \"b\"}")
                .text("{\"op\": \"register\", \"skill\": \"c\"}");

        assertThat(outcomes(admin, 3)).containsExactly("ok:", "ok:", "error:too-many-skills");
    }

    @Test
    void fullQueueDropsTheOldestAndTellsTheClient() {
        TestClient slow = connect("admin-secret").text("{\"op\": \"register\", \"skill\": \"slow\"}");
        outcomes(slow, 1);
        TestClient publisher = connect("admin-secret");

        IntStream.range(0, 20).forEach(i -> publisher.publish("slow", "p" + i));

        await().atMost(WAIT).untilAsserted(() -> assertThat(lastDroppedTotal(slow)).isBetween(14L, 15L));
        slow.text("{\"op\": \"prefetch\", \"count\": 100}");
        await().atMost(WAIT).untilAsserted(() -> {
            List<V2Delivery> deliveries = slow.deliveries();
            assertThat(deliveries.getLast().payload()).isEqualTo("p19");
            assertThat(deliveries.size() + lastDroppedTotal(slow)).isEqualTo(20);
        });
    }

    private static long lastDroppedTotal(TestClient client) {
        return client.controls().stream().filter(node -> node.get("op").asString().equals("dropped"))
                .mapToLong(node -> node.get("total").asLong()).max().orElse(0);
    }

    @Test
    void frameBeyondTheConfiguredLimitClosesWith1009() {
        TestClient admin = connect("admin-secret");

        admin.text("{\"op\": \"register\", \"skill\": \"" + "x".repeat(4200) + "\"}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.closeCode).isEqualTo(1009));
    }

    @Test
    void skillsLongerThan255BytesAreRefused() {
        TestClient admin = connect("admin-secret");

        admin.text("{\"op\": \"register\", \"skill\": \"" + "x".repeat(256) + "\"}");

        assertThat(outcomes(admin, 1)).containsExactly("error:invalid-skill");
        assertThat(admin.controls().getFirst().get("message").asString()).contains("255 bytes");
    }
}
