package dev.msgsuite.support;

import dev.msgsuite.support.skillbus.BusEvents;
import dev.msgsuite.support.skillbus.SkillBusEvents;
import dev.msgsuite.support.skillbus.SkillBusProperties;
import dev.msgsuite.support.tracing.CurrentTraceParent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the shared runtime pieces into every service that has the matching libraries. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
public class SuiteSupportAutoConfiguration {

    @Bean
    @ConditionalOnBean(HealthEndpoint.class)
    StartupReport startupReport(HealthEndpoint healthEndpoint, Environment environment) {
        return new StartupReport(healthEndpoint, environment);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ FlywayMigrationStrategy.class, org.flywaydb.core.Flyway.class })
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnProperty(name = "spring.flyway.enabled", havingValue = "true", matchIfMissing = true)
    static class MigrationConfiguration {

        @Bean("databaseMigration")
        @ConditionalOnMissingBean(FlywayMigrationStrategy.class)
        RetryingFlywayMigration databaseMigration(ApplicationEventPublisher events) {
            return new RetryingFlywayMigration(events);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaAdmin.class)
    static class KafkaHealthConfiguration {

        @Bean("kafka")
        @ConditionalOnBean(KafkaAdmin.class)
        @ConditionalOnMissingBean(name = "kafka")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, Environment environment) {
            Duration timeout = environment.getProperty("spring.kafka.admin.operation-timeout", Duration.class, Duration.ofSeconds(5));
            return new KafkaHealthIndicator(kafkaAdmin, timeout);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SkillBusProperties.class)
    @ConditionalOnProperty("suite.skillbus.url")
    // bus-server runs without the client library (it excludes it), so nothing here may assume it is there
    @ConditionalOnClass(name = "dev.msgsuite.skillbus.client.SkillBusClient")
    static class SkillBusEventsConfiguration {

        @Bean("skillbusEvents")
        SkillBusEvents skillBusEvents(SkillBusProperties properties, Environment environment, ObjectProvider<Tracer> tracer) {
            Tracer current = tracer.getIfAvailable();
            Supplier<@Nullable String> traceparent = current != null ? new CurrentTraceParent(current) : () -> null;
            return new SkillBusEvents(properties, environment.getProperty("spring.application.name", "application"), Clock.systemUTC(),
                    traceparent);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(MeterBinder.class)
        static class SkillBusEventsMetricsConfiguration {

            @Bean
            MeterBinder skillBusEventsMetrics(SkillBusEvents events) {
                return registry -> {
                    FunctionCounter.builder("suite.skillbus.events.published", events, SkillBusEvents::published)
                            .description("Events handed to the skill bus").register(registry);
                    FunctionCounter.builder("suite.skillbus.events.dropped", events, SkillBusEvents::dropped)
                            .description("Events lost to a full buffer or to shutdown").register(registry);
                    Gauge.builder("suite.skillbus.events.buffered", events, SkillBusEvents::buffered)
                            .description("Events waiting for the skill bus").register(registry);
                };
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(NoSkillBusUrl.class)
    static class DisabledBusEventsConfiguration {

        @Bean
        @ConditionalOnMissingBean(BusEvents.class)
        BusEvents disabledBusEvents() {
            return BusEvents.DISABLED;
        }
    }

    static class NoSkillBusUrl extends NoneNestedConditions {

        NoSkillBusUrl() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnProperty("suite.skillbus.url")
        static class SkillBusUrl {
        }
    }
}
