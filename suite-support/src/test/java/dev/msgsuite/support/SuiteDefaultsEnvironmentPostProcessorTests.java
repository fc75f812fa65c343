package dev.msgsuite.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SuiteDefaultsEnvironmentPostProcessorTests {

    private final SuiteDefaultsEnvironmentPostProcessor processor = new SuiteDefaultsEnvironmentPostProcessor();

    @Test
    void exposesOnlyHealthInfoAndPrometheusWithProbesOnTheMainPort() {
        StandardEnvironment environment = new StandardEnvironment();

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
        assertThat(environment.getProperty("management.endpoint.health.probes.add-additional-paths")).isEqualTo("true");
        assertThat(environment.getProperty("management.endpoint.health.group.liveness.include")).isEqualTo("livenessState");
        assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
    }

    @Test
    void anythingTheServiceSetsItselfWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("spring.lifecycle.timeout-per-shutdown-phase", "5s")));

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("5s");
        assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
                .contains(SuiteDefaultsEnvironmentPostProcessor.RESOURCE);
    }
}
