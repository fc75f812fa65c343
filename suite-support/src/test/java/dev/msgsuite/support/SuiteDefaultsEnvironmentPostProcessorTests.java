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

    @Test
    void boot3OtlpEndpointNameSwitchesTheExporterOn() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("management.otlp.tracing.endpoint", "http://collector:4318/v1/traces")));

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
    }

    @Test
    void boot4OtlpEndpointNameWinsOverTheBoot3One() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("management.otlp.tracing.endpoint", "http://old:4318/v1/traces",
                        "management.opentelemetry.tracing.export.otlp.endpoint", "http://new:4318/v1/traces")));

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://new:4318/v1/traces");
    }

    @Test
    void withoutAnEndpointNothingIsExported() {
        StandardEnvironment environment = new StandardEnvironment();

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.containsProperty("management.opentelemetry.tracing.export.otlp.endpoint")).isFalse();
    }
}
