package dev.msgsuite.support.skillbus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.support.SuiteSupportAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An event published inside a trace names it, so a watcher on the bus finds the request that caused it. */
class SkillBusEventsTraceTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
                    SuiteSupportAutoConfiguration.class))
            .withPropertyValues("suite.skillbus.url=ws://127.0.0.1:1/ws", "management.tracing.sampling.probability=1.0");

    @Test
    void anEventPublishedInsideATraceCarriesItsTraceparent() {
        this.contextRunner.run(context -> {
            SkillBusEvents events = context.getBean(SkillBusEvents.class);
            Tracer tracer = context.getBean(Tracer.class);
            AtomicReference<String> expected = new AtomicReference<>();

            Observation.createNotStarted("test.request", context.getBean(ObservationRegistry.class)).observe(() -> {
                var span = tracer.currentSpan().context();
                expected.set("00-" + span.traceId() + "-" + span.spanId() + "-01");
                events.publish("test.event", Map.of("n", 1));
            });

            JsonNode event = JsonMapper.builder().build().readTree(events.oldestBuffered());
            assertThat(event.get("traceparent").asString()).isEqualTo(expected.get());
            assertThat(event.get("payload").get("n").asInt()).isEqualTo(1);
        });
    }

    @Test
    void anEventPublishedOutsideATraceHasNoTraceparent() {
        this.contextRunner.run(context -> {
            SkillBusEvents events = context.getBean(SkillBusEvents.class);

            events.publish("test.event", Map.of("n", 2));

            JsonNode event = JsonMapper.builder().build().readTree(events.oldestBuffered());
            assertThat(event.has("traceparent")).isFalse();
            assertThat(event.get("skill").asString()).isEqualTo("test.event");
        });
    }
}
