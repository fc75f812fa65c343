package dev.msgsuite.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real RabbitMQ for a test context: a container when Docker is there, else a virtual host
 * of its own on the local service ({@code SUITE_TEST_RABBITMQ_HOST}/{@code _PORT}/{@code _USER}/
 * {@code _PASSWORD}, default {@code localhost:5672 guest/guest}, management API on 15672).
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

    @Bean(destroyMethod = "close")
    @Conditional(OnDocker.Not.class)
    LocalRabbitVirtualHost localRabbitVirtualHost() {
        return LocalRabbitVirtualHost.create();
    }

    @Bean
    @Conditional(OnDocker.Not.class)
    DynamicPropertyRegistrar localRabbitProperties(LocalRabbitVirtualHost vhost) {
        return registry -> {
            registry.add("spring.rabbitmq.host", vhost::host);
            registry.add("spring.rabbitmq.port", vhost::port);
            registry.add("spring.rabbitmq.username", vhost::user);
            registry.add("spring.rabbitmq.password", vhost::password);
            registry.add("spring.rabbitmq.virtual-host", vhost::name);
        };
    }
}
