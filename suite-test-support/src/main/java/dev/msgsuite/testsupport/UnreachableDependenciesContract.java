package dev.msgsuite.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What a service does when its brokers or database are unreachable: the process runs, liveness
 * stays UP, readiness answers 503 and (to a viewer, on the management port) names each
 * unreachable dependency with the reason. A
 * service's test extends this class and points its dependencies at a closed port
 * ({@link #CLOSED_PORT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
public abstract class UnreachableDependenciesContract {

    /** A loopback port no service of the suite listens on; connecting to it is refused. */
    public static final int CLOSED_PORT = 1;

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    @Autowired
    protected RestTestClient http;

    @Autowired
    private Environment environment;

    /** Health components that must report DOWN with a reason. */
    protected abstract Set<String> unreachableDependencies();

    @Test
    void livenessStaysUpWhileDependenciesAreDown() {
        this.http.get().uri("/livez").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void readinessIsDownAndSaysWhy() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            // the probe on the main port shows statuses only; the reasons are details, for credentials on the management port
            this.http.get().uri("/readyz").exchange().expectStatus().isEqualTo(503).expectBody().jsonPath("$.status").isEqualTo("DOWN");
            Map<String, Object> readiness = ManagementPort.client(this.environment).get().uri("/actuator/health/readiness")
                    .header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic()).exchange()
                    .expectStatus().isEqualTo(503).expectBody(JSON_OBJECT).returnResult().getResponseBody();

            assertThat(readiness).containsEntry("status", "DOWN");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) readiness.get("components");
            assertThat(components).containsKeys(unreachableDependencies().toArray(String[]::new));
            for (String dependency : unreachableDependencies()) {
                Map<String, Object> component = components.get(dependency);
                assertThat(component).as(dependency).containsEntry("status", "DOWN");
                assertThat(component.get("details")).as(dependency + " details").asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("error");
            }
        });
    }
}
