package dev.msgsuite.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Logs, once the service is ready to take traffic, one line that says what it is connected
 * to and whether each dependency answers, so an operator reads the state of a service from
 * its first lines of log. A dependency that is down makes the line a warning; the process
 * stays up and its readiness probe reports the reason until the dependency is back.
 */
final class StartupReport implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private static final Map<String, String> TARGET_PROPERTIES = Map.of(
            "rabbit", "RabbitMQ at ${spring.rabbitmq.addresses:${spring.rabbitmq.host:localhost}:${spring.rabbitmq.port:5672}}",
            "db", "database at ${spring.datasource.url:embedded}",
            "kafka", "Kafka at ${spring.kafka.bootstrap-servers:localhost:9092}",
            "databaseMigration", "schema migration");

    private final AtomicBoolean reported = new AtomicBoolean();

    private final HealthEndpoint healthEndpoint;

    private final Environment environment;

    StartupReport(HealthEndpoint healthEndpoint, Environment environment) {
        this.healthEndpoint = healthEndpoint;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() != ReadinessState.ACCEPTING_TRAFFIC || !this.reported.compareAndSet(false, true)) {
            return;
        }
        String name = this.environment.getProperty("spring.application.name", "application");
        String port = this.environment.getProperty("local.server.port", this.environment.getProperty("server.port", "8080"));
        HealthDescriptor readiness = this.healthEndpoint.healthForPath("readiness");
        List<String> up = new ArrayList<>();
        List<String> notUp = new ArrayList<>();
        if (readiness instanceof CompositeHealthDescriptor composite) {
            composite.getComponents().forEach((component, health) -> {
                if (!component.endsWith("State")) {
                    (Status.UP.equals(health.getStatus()) ? up : notUp).add(describe(component, health));
                }
            });
        }
        if (notUp.isEmpty()) {
            log.info("{} ready on HTTP port {}: {}", name, port,
                    up.isEmpty() ? "no external dependencies" : String.join("; ", up));
        }
        else {
            log.warn("{} started on HTTP port {} but is NOT ready: {}; readiness stays DOWN until they answer{}", name,
                    port, String.join("; ", notUp), up.isEmpty() ? "" : " (up: " + String.join("; ", up) + ")");
        }
    }

    private String describe(String component, HealthDescriptor health) {
        String template = TARGET_PROPERTIES.getOrDefault(component, component);
        StringBuilder text = new StringBuilder(this.environment.resolvePlaceholders(template))
                .append(' ').append(health.getStatus().getCode());
        if (health instanceof IndicatedHealthDescriptor indicated && !indicated.getDetails().isEmpty()) {
            text.append(' ').append(indicated.getDetails());
        }
        return text.toString();
    }
}
