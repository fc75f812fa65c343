package dev.msgsuite.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

class KafkaHealthIndicatorTests {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void upWithTheClusterIdAndBrokerCountWhenTheClusterAnswers() {
        KafkaHealthIndicator indicator = indicator(broker.getBrokersAsString());
        try {
            Health health = indicator.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");
        }
        finally {
            indicator.destroy();
        }
    }

    @Test
    void downWithTheReasonWhenNothingAnswers() {
        KafkaHealthIndicator indicator = indicator("127.0.0.1:1");
        try {
            Health health = indicator.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(health.getDetails().get("error"))).contains("127.0.0.1:1");
        }
        finally {
            indicator.destroy();
        }
    }

    private static KafkaHealthIndicator indicator(String bootstrapServers) {
        return new KafkaHealthIndicator(new KafkaAdmin(Map.of("bootstrap.servers", bootstrapServers)), Duration.ofSeconds(2));
    }
}
