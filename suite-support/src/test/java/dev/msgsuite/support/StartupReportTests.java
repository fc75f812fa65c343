package dev.msgsuite.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class StartupReportTests {

    private final HealthEndpoint healthEndpoint = mock(HealthEndpoint.class);

    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("spring.application.name", "saver-service")
            .withProperty("local.server.port", "8084")
            .withProperty("spring.rabbitmq.host", "rabbitmq")
            .withProperty("spring.datasource.url", "jdbc:postgresql://postgres:5432/saver");

    private final StartupReport report = new StartupReport(this.healthEndpoint, this.environment);

    @Test
    void saysWhatTheServiceIsConnectedToOnceItAcceptsTraffic(CapturedOutput output) {
        readiness(Map.of("rabbit", health(Status.UP, Map.of("version", "4.0.5")), "readinessState", health(Status.UP, Map.of())));

        this.report.onApplicationEvent(event(ReadinessState.ACCEPTING_TRAFFIC));

        assertThat(output).contains("saver-service ready on HTTP port 8084: RabbitMQ at rabbitmq:5672 UP {version=4.0.5}")
                .doesNotContain("readinessState");
    }

    @Test
    void warnsWithTheReasonWhenADependencyIsDownAndTheProcessStaysUp(CapturedOutput output) {
        Map<String, HealthDescriptor> components = new LinkedHashMap<>();
        components.put("db", health(Status.DOWN, Map.of("error", "Connection refused")));
        components.put("rabbit", health(Status.UP, Map.of()));
        readiness(components);

        this.report.onApplicationEvent(event(ReadinessState.ACCEPTING_TRAFFIC));

        assertThat(output).contains("WARN").contains("saver-service started on HTTP port 8084 but is NOT ready: "
                + "database at jdbc:postgresql://postgres:5432/saver DOWN {error=Connection refused}")
                .contains("(up: RabbitMQ at rabbitmq:5672 UP)");
    }

    @Test
    void reportsOnlyOnce(CapturedOutput output) {
        readiness(Map.of());

        this.report.onApplicationEvent(event(ReadinessState.REFUSING_TRAFFIC));
        this.report.onApplicationEvent(event(ReadinessState.ACCEPTING_TRAFFIC));
        this.report.onApplicationEvent(event(ReadinessState.ACCEPTING_TRAFFIC));

        assertThat(output.getOut().split("ready on HTTP port", -1)).hasSize(2);
        assertThat(output).contains("no external dependencies");
    }

    private void readiness(Map<String, HealthDescriptor> components) {
        CompositeHealthDescriptor composite = mock(CompositeHealthDescriptor.class);
        given(composite.getStatus()).willReturn(Status.UP);
        given(composite.getComponents()).willReturn(components);
        given(this.healthEndpoint.healthForPath("readiness")).willReturn(composite);
    }

    private static HealthDescriptor health(Status status, Map<String, Object> details) {
        IndicatedHealthDescriptor descriptor = mock(IndicatedHealthDescriptor.class);
        given(descriptor.getStatus()).willReturn(status);
        given(descriptor.getDetails()).willReturn(details);
        return descriptor;
    }

    private static AvailabilityChangeEvent<ReadinessState> event(ReadinessState state) {
        return new AvailabilityChangeEvent<>(new Object(), state);
    }
}
