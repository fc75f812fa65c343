package dev.msgsuite.support.tracing;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observation on every messaging bean of a service (see {@link MessagingObservation}); Boot's own
 * auto-configuration does the rest: spans for HTTP, JDBC (datasource-micrometer, in the services
 * with a database), the OpenTelemetry SDK, and the OTLP exporter once
 * {@code management.opentelemetry.tracing.export.otlp.endpoint} is set.
 */
@AutoConfiguration
public class SuiteTracingAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.amqp.rabbit.core.RabbitTemplate")
    static class RabbitObservationConfiguration {

        @Bean
        static MessagingObservation.Rabbit rabbitMessagingObservation() {
            return new MessagingObservation.Rabbit();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.kafka.core.KafkaTemplate")
    static class KafkaObservationConfiguration {

        @Bean
        static MessagingObservation.Kafka kafkaMessagingObservation() {
            return new MessagingObservation.Kafka();
        }
    }
}
