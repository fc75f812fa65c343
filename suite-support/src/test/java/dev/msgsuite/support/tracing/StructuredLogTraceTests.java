package dev.msgsuite.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code logging.structured.format.console} set (compose and k8s set it to {@code ecs}),
 * every console line is one JSON object, and a line logged inside a traced request names its
 * trace and span.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogTraceTests {

    private static final Logger log = LoggerFactory.getLogger(StructuredLogTraceTests.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aLineLoggedInsideATraceIsJsonWithItsTraceAndSpanIds(CapturedOutput output) {
        AtomicReference<String> traceId = new AtomicReference<>();
        AtomicReference<String> spanId = new AtomicReference<>();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TracedApplication.class)
                .web(WebApplicationType.NONE).run("--logging.structured.format.console=ecs", "--spring.application.name=traced",
                        "--spring.main.banner-mode=off")) {
            Tracer tracer = context.getBean(Tracer.class);
            Observation.createNotStarted("test.request", context.getBean(ObservationRegistry.class)).observe(() -> {
                traceId.set(tracer.currentSpan().context().traceId());
                spanId.set(tracer.currentSpan().context().spanId());
                log.info("handling a traced request");
            });
        }

        List<JsonNode> lines = output.getOut().lines().filter(line -> line.startsWith("{")).map(JSON::readTree).toList();
        JsonNode traced = lines.stream().filter(line -> "handling a traced request".equals(line.path("message").asString()))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON line with the message in:\n" + output.getOut()));
        assertThat(traced.path("traceId").asString()).isEqualTo(traceId.get());
        assertThat(traced.path("spanId").asString()).isEqualTo(spanId.get());
        assertThat(traced.path("service").path("name").asString()).isEqualTo("traced");
        assertThat(output.getOut().lines().filter(line -> !line.isBlank()))
                .as("nothing but JSON once the application runs").allSatisfy(line -> assertThat(line).startsWith("{"));
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
            OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class })
    static class TracedApplication {
    }
}
