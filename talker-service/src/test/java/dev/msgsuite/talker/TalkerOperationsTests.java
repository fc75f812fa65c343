package dev.msgsuite.talker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.talker.support.LineClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The running service: a real TCP client, seen through actuator health and Prometheus. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@TestPropertySource(properties = "talker.port=0")
class TalkerOperationsTests {

    @Autowired
    private RestTestClient http;

    @Autowired
    private TalkerServer talker;

    @Test
    void healthAndMetricsShowConnectedClientsAndTheirLines() throws Exception {
        try (LineClient alice = LineClient.join(this.talker.clientPort(), "opsalice")) {
            alice.send("hello operators");
            alice.awaitLine("opsalice: hello operators");

            await().untilAsserted(() -> this.http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.talker.status").isEqualTo("UP")
                .jsonPath("$.components.talker.details.clients").isEqualTo(1)
                .jsonPath("$.components.talker.details.peers").isEqualTo(0)
                .jsonPath("$.components.talker.details.reachableServers").isEqualTo(1)
                .jsonPath("$.components.talker.details.serverId").isEqualTo(this.talker.serverId()));

            String metrics = this.http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
            assertThat(metrics).contains("talker_clients{", "talker_client_lines_total{", "direction=\"in\"",
                    "talker_peer_lines_total{", "talker_peer_duplicates_dropped_total{",
                    "talker_reachable_servers{");
            assertThat(metrics).containsPattern("talker_clients\\{[^}]*\\} 1\\.0");
        }
    }
}
