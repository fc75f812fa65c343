package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.websocket.TestClient.V2Delivery;
import dev.msgsuite.skillbus.protocol.Subprotocol;
import dev.msgsuite.testsupport.ManagementPort;
import dev.msgsuite.testsupport.TestCredentials;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "skillbus.auth.tokens[0].name=admin", "skillbus.auth.tokens[0].token=admin-secret",
        "skillbus.auth.tokens[1].name=sensor", "skillbus.auth.tokens[1].token=sensor-secret",
        "skillbus.auth.tokens[1].publish=sensors.#", "skillbus.auth.tokens[1].subscribe=sensors.*",
        "skillbus.auth.tokens[2].name=browser", "skillbus.auth.tokens[2].token=brow+ser/tok=en",
        "skillbus.auth.tokens[3].name=publisher", "skillbus.auth.tokens[3].token=publisher-secret",
        "skillbus.auth.tokens[3].publish=talker.#,compute.#", "skillbus.auth.tokens[3].subscribe=",
        "skillbus.queue.max-packets=5", "skillbus.limits.max-skills-per-client=2", "skillbus.limits.max-frame-size=4KB" })
class RestrictedBusTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    private final List<TestClient> clients = new ArrayList<>();

    private TestClient connect(String token) {
        TestClient client = TestClient.connect(uri(""), Subprotocol.V2, token);
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
            Throwable failure = catchThrowable(() -> TestClient.connect(uri(""), Subprotocol.V2, token));

            assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).isEqualTo(401);
        }
    }

    @Test
    void v1EndpointNeedsABusTokenTooAndAnApiTokenIsNotOne() {
        URI v1 = URI.create("ws://localhost:" + this.port + "/");

        assertThat(TestClient.refusedHandshake(v1, null, Map.of())).isEqualTo(401);
        assertThat(TestClient.refusedHandshake(v1, null, Map.of("Authorization", TestCredentials.Role.ADMIN.bearer()))).isEqualTo(401);
        assertThat(TestClient.refusedHandshake(v1, null, Map.of("Authorization", TestCredentials.Role.ADMIN.basic()))).isEqualTo(401);

        TestClient listener = TestClient.connect(v1, null, "admin-secret").text("{\"register\": \"sensors.v1\"}")
                .text("{\"fastpush\": true}");
        this.clients.add(listener);
        TestClient sensor = TestClient.connect(URI.create("ws://localhost:" + this.port + "/?access_token=sensor-secret"), null,
                (String) null);
        this.clients.add(sensor);
        // v1 never confirms a registration: publish until the listener has it
        await().atMost(WAIT).untilAsserted(() -> {
            sensor.publish("sensors.v1", "p1");
            assertThat(listener.payloads()).contains("p1");
        });
    }

    @Test
    void tokenWithAnEmptySubscribeListMayOnlyPublish() {
        TestClient publisher = connect("publisher-secret");

        publisher.text("{\"op\": \"register\", \"skill\": \"talker.speech\"}").publish("talker.speech", "hello")
                .publish("mailbin.submission.stored", "x");

        assertThat(outcomes(publisher, 2)).containsExactly("error:forbidden", "error:forbidden");
    }

    @Test
    void browsersMayPassTheTokenAsAQueryParameter() {
        TestClient client = TestClient.connect(uri("?access_token=admin-secret"), null, (String) null);
        this.clients.add(client);

        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void queryParameterTokenIsPercentDecodedSoPlusSlashAndEqualsSurvive() {
        String encoded = URLEncoder.encode("brow+ser/tok=en", StandardCharsets.UTF_8);
        assertThat(encoded).isEqualTo("brow%2Bser%2Ftok%3Den");

        for (String query : List.of("?access_token=" + encoded, "?access_token=brow+ser/tok=en")) {
            TestClient client = TestClient.connect(uri(query), Subprotocol.V2, (String) null);
            this.clients.add(client);
            client.text("{\"op\": \"hello\"}");
            assertThat(outcomes(client, 1)).as(query).containsExactly("ok:");
        }
        assertThat(TestClient.refusedHandshake(uri("?access_token=brow%20ser%2Ftok%3Den"), null, Map.of())).isEqualTo(401);
    }

    @Test
    void sessionOfOneTokenCannotBeResumedByAnotherEvenWithItsSecret() {
        TestClient sensor = connect("sensor-secret").text("{\"op\": \"hello\", \"session\": \"restricted-gw\"}");
        outcomes(sensor, 1);
        String secret = sensor.controls().getFirst().get("resumeSecret").asString();

        TestClient admin = connect("admin-secret").text(hello("restricted-gw", secret));
        TestClient sameToken = connect("sensor-secret").text(hello("restricted-gw", "not-the-secret"));

        assertThat(outcomes(admin, 1)).containsExactly("error:forbidden");
        assertThat(outcomes(sameToken, 1)).containsExactly("error:session-taken");
        assertThat(sensor.isClosed()).isFalse();

        TestClient owner = connect("sensor-secret").text(hello("restricted-gw", secret));
        assertThat(outcomes(owner, 1)).containsExactly("ok:");
        assertThat(owner.controls().getFirst().get("resumed").asBoolean()).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sensor.closeCode).isEqualTo(4001));
    }

    @Test
    void pageFromAnotherOriginCannotOpenTheBusEvenWithAToken() {
        URI ws = uri("");

        assertThat(TestClient.refusedHandshake(ws, null, Map.of("Authorization", "Bearer admin-secret", "Origin", "http://evil.example")))
                .isEqualTo(403);
        TestClient sameOrigin = TestClient.connect(ws, null, Map.of("Authorization", "Bearer admin-secret",
                "Origin", "http://localhost:" + this.port));
        this.clients.add(sameOrigin);
        assertThat(sameOrigin.isClosed()).isFalse();
    }

    @Test
    void healthSaysTheBusIsClosed() {
        ManagementPort.client(this.environment).get().uri("/actuator/health")
                .header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.skillbus.details.access").isEqualTo("closed");
    }

    private static String hello(String session, String secret) {
        return "{\"op\": \"hello\", \"session\": \"" + session + "\", \"secret\": \"" + secret + "\"}";
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
