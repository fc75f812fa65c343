package dev.msgsuite.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real RabbitMQ for a test context: a container when Docker is there, else the local
 * service ({@code SUITE_TEST_RABBITMQ_HOST}/{@code _PORT}/{@code _USER}/{@code _PASSWORD},
 * default {@code localhost:5672 guest/guest}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class RabbitTestBroker {

    /** The image tag used when containers are available. */
    public static final String IMAGE = "rabbitmq:4.1-management";

    @Bean
    @ServiceConnection
    @Conditional(OnDocker.class)
    RabbitMQContainer rabbitContainer() {
        return new RabbitMQContainer(DockerImageName.parse(IMAGE));
    }

    @Bean
    @Conditional(OnDocker.Not.class)
    DynamicPropertyRegistrar localRabbitProperties() {
        String host = TestServices.setting("SUITE_TEST_RABBITMQ_HOST", "localhost");
        int port = Integer.parseInt(TestServices.setting("SUITE_TEST_RABBITMQ_PORT", "5672"));
        TestServices.requireListening("RabbitMQ", host, port,
                "install and start one: apt-get install rabbitmq-server && rabbitmq-server -detached");
        return registry -> {
            registry.add("spring.rabbitmq.host", () -> host);
            registry.add("spring.rabbitmq.port", () -> port);
            registry.add("spring.rabbitmq.username", () -> TestServices.setting("SUITE_TEST_RABBITMQ_USER", "guest"));
            registry.add("spring.rabbitmq.password", () -> TestServices.setting("SUITE_TEST_RABBITMQ_PASSWORD", "guest"));
        };
    }
}
