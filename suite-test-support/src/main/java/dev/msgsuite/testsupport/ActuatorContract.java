package dev.msgsuite.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What every service of the suite promises operators, checked against the running service
 * over HTTP: probes on {@code /livez} and {@code /readyz}, readiness made of the service's
 * real dependencies, build (and, when built from a checkout, git) info, Prometheus metrics
 * tagged with the application name, and no other actuator endpoint exposed. A service's
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

    /** Health components, besides the readiness state, that readiness is made of. */
    protected abstract Set<String> readinessDependencies();

    @Test
    void livenessProbeAnswersUp() {
        this.http.get().uri("/livez").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void readinessProbeIsUpAndMadeOfTheServiceDependencies() {
        Map<String, Object> readiness = this.http.get().uri("/readyz").exchange().expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(readiness).containsEntry("status", "UP");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) readiness.get("components");
        assertThat(components.keySet()).containsExactlyInAnyOrderElementsOf(
                union(Set.of("readinessState"), readinessDependencies()));
        assertThat(components.values()).allSatisfy(component -> assertThat(component).containsEntry("status", "UP"));
    }

    @Test
    void infoShowsTheBuildAndTheCommitItWasBuiltFrom() {
        String name = this.environment.getRequiredProperty("spring.application.name");
        var body = this.http.get().uri("/actuator/info").exchange().expectStatus().isOk().expectBody();
        body.jsonPath("$.build.artifact").isEqualTo(name).jsonPath("$.build.version").isNotEmpty();
        if (new ClassPathResource("git.properties").exists()) {
            body.jsonPath("$.git.commit.id").isNotEmpty();
        }
    }

    @Test
    void prometheusServesMetricsTaggedWithTheApplication() {
        String name = this.environment.getRequiredProperty("spring.application.name");
        String metrics = this.http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("jvm_memory_used_bytes").contains("application=\"" + name + "\"");
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheus() {
        Map<String, Object> index = this.http.get().uri("/actuator").exchange().expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();

        assertThat(index).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> links = (Map<String, Object>) index.get("_links");
        assertThat(links.keySet()).allMatch(link -> link.equals("self") || link.startsWith("health")
                || link.equals("info") || link.equals("prometheus"));
        this.http.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        this.http.get().uri("/actuator/beans").exchange().expectStatus().isNotFound();
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        var all = new java.util.HashSet<>(first);
        all.addAll(second);
        return all;
    }
}
