package dev.msgsuite.talker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.support.skillbus.RecordingBusEvents;
import dev.msgsuite.support.skillbus.RecordingBusEvents.Published;
import dev.msgsuite.talker.bridge.SpeechBridge;
import dev.msgsuite.talker.support.LineClient;
import dev.msgsuite.testsupport.ManagementPort;
import dev.msgsuite.testsupport.TestCredentials;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The running service: a real TCP client, seen through actuator health and Prometheus. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "talker.port=0", "talker.bridge.skill=talker.bridged" })
@Import(RecordingBusEvents.class)
class TalkerOperationsTests {

    @Autowired
    private Environment environment;

    @Autowired
    private TalkerServer talker;

    @Autowired
    private RecordingBusEvents events;

    @Test
    void speechAndActionsOfThisServerAreBridgedToTheConfiguredSkill() throws Exception {
        try (LineClient carol = LineClient.join(this.talker.clientPort(), "bridgecarol")) {
            carol.send("is anyone on the bus?");
            carol.send("/me listens");
            carol.awaitLine("* bridgecarol listens");

            await().untilAsserted(() -> assertThat(this.events.published()).extracting(Published::payload).contains(
                    new SpeechBridge.Speech(this.talker.serverId(), "bridgecarol", "is anyone on the bus?", false),
                    new SpeechBridge.Speech(this.talker.serverId(), "bridgecarol", "listens", true)));
            assertThat(this.events.published()).extracting(Published::skill).containsOnly("talker.bridged");
        }
    }

    @Test
    void healthAndMetricsShowConnectedClientsAndTheirLines() throws Exception {
        try (LineClient alice = LineClient.join(this.talker.clientPort(), "opsalice")) {
            alice.send("hello operators");
            alice.awaitLine("opsalice: hello operators");

            RestTestClient management = ManagementPort.client(this.environment);
            await().untilAsserted(() -> management.get().uri("/actuator/health")
                .header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic()).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.talker.status").isEqualTo("UP")
                .jsonPath("$.components.talker.details.clients").isEqualTo(1)
                .jsonPath("$.components.talker.details.peers").isEqualTo(0)
                .jsonPath("$.components.talker.details.reachableServers").isEqualTo(1)
                .jsonPath("$.components.talker.details.serverId").isEqualTo(this.talker.serverId()));

            String metrics = management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
            assertThat(metrics).contains("talker_clients{", "talker_client_lines_total{", "direction=\"in\"",
                    "talker_peer_lines_total{", "talker_peer_duplicates_dropped_total{",
                    "talker_reachable_servers{");
            assertThat(metrics).containsPattern("talker_clients\\{[^}]*\\} 1\\.0");
        }
    }
}
