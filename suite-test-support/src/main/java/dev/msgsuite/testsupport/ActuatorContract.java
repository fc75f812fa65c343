package dev.msgsuite.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What every service of the suite promises operators, checked against the running service
 * over HTTP: probes on {@code /livez} and {@code /readyz} on the main port (statuses only,
 * never details), the actuator on its own management port with readiness made of the
 * service's real dependencies, health details only with credentials, build (and, when built
 * from a checkout, git) info, Prometheus metrics tagged with the application name, and no
 * other actuator endpoint exposed. A service's
 * test extends this class, imports the brokers it needs and names its readiness dependencies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
public abstract class ActuatorContract {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    @Autowired
    protected RestTestClient http;

    @Autowired
    protected Environment environment;

    @LocalManagementPort
    private int managementPort;

    /** A client of the management port, where the actuator answers. */
    protected RestTestClient management() {
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + this.managementPort).build();
    }

    /** Health components, besides the readiness state, that readiness is made of. */
    protected abstract Set<String> readinessDependencies();

    @Test
    void livenessProbeAnswersUp() {
        this.http.get().uri("/livez").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void readinessProbeIsUpAndMadeOfTheServiceDependencies() {
        Map<String, Object> readiness = management().get().uri("/actuator/health/readiness")
                .header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic()).exchange().expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
        this.http.get().uri("/readyz").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");

        assertThat(readiness).containsEntry("status", "UP");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) readiness.get("components");
        assertThat(components.keySet()).containsExactlyInAnyOrderElementsOf(
                union(Set.of("readinessState"), readinessDependencies()));
        assertThat(components.values()).allSatisfy(component -> assertThat(component).containsEntry("status", "UP"));
    }

    @Test
    void probesOnTheMainPortShowNoDetailsAndTheActuatorIsNotThere() {
        this.http.get().uri("/readyz").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.readinessState.details").doesNotExist();
        assertThat(this.http.get().uri("/actuator/prometheus").exchange().returnResult(String.class).getStatus().value())
                .isIn(401, 404);
    }

    @Test
    void healthDetailsOnlyWithCredentials() {
        management().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP").jsonPath("$.components.diskSpace.details").doesNotExist();
        management().get().uri("/actuator/health").header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.components.diskSpace.details.threshold").isNumber();
    }

    @Test
    void infoShowsTheBuildAndTheCommitItWasBuiltFrom() {
        String name = this.environment.getRequiredProperty("spring.application.name");
        var body = management().get().uri("/actuator/info").header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic())
                .exchange().expectStatus().isOk().expectBody();
        body.jsonPath("$.build.artifact").isEqualTo(name).jsonPath("$.build.version").isNotEmpty();
        if (new ClassPathResource("git.properties").exists()) {
            body.jsonPath("$.git.commit.id").isNotEmpty();
        }
    }

    @Test
    void prometheusServesMetricsTaggedWithTheApplication() {
        String name = this.environment.getRequiredProperty("spring.application.name");
        String metrics = management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("jvm_memory_used_bytes").contains("application=\"" + name + "\"");
    }

    /**
     * Every metric the service's Grafana dashboard ({@code ops/grafana/<name>.json}) queries is
     * served, and so is every metric the overview queries of this service (or of every service),
     * after {@link #dashboardTraffic()}. The scrape is kept in
     * {@code target/actuator-prometheus.txt} for whoever edits the dashboard.
     */
    @Test
    void everyMetricTheServiceDashboardQueriesIsServed() throws Exception {
        String name = this.environment.getRequiredProperty("spring.application.name");
        dashboardTraffic();
        Path dashboard = GrafanaDashboards.of(name);
        Set<String> queried = new TreeSet<>(GrafanaDashboards.metricNames(dashboard));
        assertThat(queried).as("metrics queried by " + dashboard).isNotEmpty();
        queried.addAll(GrafanaDashboards.metricNames(GrafanaDashboards.of("overview"), name));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            Files.writeString(Path.of("target/actuator-prometheus.txt"), metrics);
            assertThat(GrafanaDashboards.served(metrics)).as("served by /actuator/prometheus (see target/actuator-prometheus.txt)")
                    .containsAll(queried);
        });
    }

    /**
     * Traffic that makes the metrics the dashboard shows appear (a counter with tags exists only
     * once counted); by default one request to {@code /livez}.
     */
    protected void dashboardTraffic() throws Exception {
        this.http.get().uri("/livez").exchange().expectStatus().isOk();
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheus() {
        Map<String, Object> index = management().get().uri("/actuator").header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.VIEWER.basic())
                .exchange().expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(index).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> links = (Map<String, Object>) index.get("_links");
        assertThat(links.keySet()).allMatch(link -> link.equals("self") || link.startsWith("health")
                || link.equals("info") || link.equals("prometheus"));
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump")) {
            // not exposed: not found, or refused by the filter chain before any handler is looked up
            assertThat(management().get().uri(hidden).header(HttpHeaders.AUTHORIZATION, TestCredentials.Role.ADMIN.basic())
                    .exchange().returnResult(String.class).getStatus().value()).as(hidden).isIn(403, 404);
        }
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        var all = new java.util.HashSet<>(first);
        all.addAll(second);
        return all;
    }
}
