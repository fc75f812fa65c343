package dev.msgsuite.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kafka broker for a test context: a KRaft container when Docker is there, else an
 * embedded KRaft broker in the test JVM (spring-kafka-test must be on the test classpath).
 */
@TestConfiguration(proxyBeanMethods = false)
public class KafkaTestBroker {

    /** The image tag used when containers are available. */
    public static final String IMAGE = "apache/kafka:4.2.1";

    /** Partitions of topics the embedded broker creates on first use. */
    private static final int PARTITIONS = 3;

    @Bean
    @ServiceConnection
    @Conditional(OnDocker.class)
    KafkaContainer kafkaContainer() {
        // Testcontainers' own start command, preceded by making the log4j2 files writable: the
        // image's run script rewrites them, and some builds of the image ship them read-only.
        return new KafkaContainer(DockerImageName.parse(IMAGE)).withCommand("sh", "-c",
                "chmod u+w /opt/kafka/config/*.properties 2>/dev/null; "
                        + "while [ ! -f /tmp/testcontainers_start.sh ]; do sleep 0.1; done; /tmp/testcontainers_start.sh");
    }

    @Bean(destroyMethod = "destroy")
    @Conditional(OnDocker.Not.class)
    EmbeddedKafkaBroker embeddedKafkaBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.afterPropertiesSet();
        return broker;
    }

    @Bean
    @Conditional(OnDocker.Not.class)
    DynamicPropertyRegistrar embeddedKafkaProperties(EmbeddedKafkaBroker broker) {
        return registry -> registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
    }
}
