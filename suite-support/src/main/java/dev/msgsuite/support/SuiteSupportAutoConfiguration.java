package dev.msgsuite.support;

import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
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
}
