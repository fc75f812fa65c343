package dev.msgsuite.bus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.bus.websocket.TestClient;
import dev.msgsuite.testsupport.ManagementPort;
import dev.msgsuite.testsupport.TestCredentials;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class BusApiTests {

    @LocalServerPort
    int port;

    private static final String VIEWER = TestCredentials.Role.VIEWER.basic();

    @Autowired
    RestTestClient http;

    @Autowired
    Environment environment;

    @Test
    void skillsListsRegistrationsWithSubscribersAndPublishedSkills() {
        try (TestClient subscriber = TestClient.v2(this.port); TestClient publisher = TestClient.v1(this.port)) {
            subscriber.text("{\"op\": \"hello\", \"session\": \"api-subscriber\"}")
                    .text("{\"op\": \"register\", \"skill\": \"api.rooms.*\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.texts.size() == 2);
            publisher.publish("api.rooms.kitchen", "21C");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> this.http.get().uri("/api/skills").header(HttpHeaders.AUTHORIZATION, VIEWER).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.registrations[?(@.pattern == 'api.rooms.*')].subscribers[0]").isEqualTo("api-subscriber")
                    .jsonPath("$.published[?(@.skill == 'api.rooms.kitchen')].packets").isEqualTo(1));
        }
    }

    @Test
    void clientsShowsProtocolSkillsAndQueueFigures() {
        try (TestClient subscriber = TestClient.v2(this.port); TestClient publisher = TestClient.v1(this.port)) {
            subscriber.text("{\"op\": \"hello\", \"session\": \"api-client\"}").text("{\"op\": \"register\", \"skill\": \"api.queue\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.texts.size() == 2);
            publisher.publish("api.queue", "1").publish("api.queue", "2").publish("api.queue", "3");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> this.http.get().uri("/api/clients").header(HttpHeaders.AUTHORIZATION, VIEWER).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$[?(@.id == 'api-client')].protocol").isEqualTo("v2")
                    .jsonPath("$[?(@.id == 'api-client')].skills[0]").isEqualTo("api.queue")
                    .jsonPath("$[?(@.id == 'api-client')].inFlight").isEqualTo(1)
                    .jsonPath("$[?(@.id == 'api-client')].queued").isEqualTo(2)
                    .jsonPath("$[?(@.id == 'api-client')].connected").isEqualTo(true));
        }
    }

    @Test
    void clientsNeverShowResumeSecrets() {
        try (TestClient client = TestClient.v2(this.port)) {
            client.text("{\"op\": \"hello\", \"session\": \"api-quiet\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> client.texts.size() == 1);
            String secret = client.controls().getFirst().get("resumeSecret").asString();

            String clients = this.http.get().uri("/api/clients").header(HttpHeaders.AUTHORIZATION, VIEWER).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

            assertThat(clients).contains("api-quiet").doesNotContain(secret).doesNotContainIgnoringCase("secret");
        }
    }

    @Test
    void healthHasASkillbusComponentAndPrometheusHasTheBusMeters() {
        RestTestClient management = ManagementPort.client(this.environment);
        management.get().uri("/actuator/health").header(HttpHeaders.AUTHORIZATION, VIEWER).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.skillbus.status").isEqualTo("UP")
                .jsonPath("$.components.skillbus.details.connections").isNumber()
                .jsonPath("$.components.skillbus.details.access").isEqualTo("open-websocket");

        String metrics = management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("skillbus_packets_in_total", "skillbus_packets_out_total", "skillbus_packets_dropped_total",
                "skillbus_queue_depth", "skillbus_connections", "skillbus_sessions");
    }
}
