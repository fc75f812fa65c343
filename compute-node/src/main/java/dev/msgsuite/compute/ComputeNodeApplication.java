package dev.msgsuite.compute;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** A compute node: takes commands and jobs from RabbitMQ and pushes results back. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(NodeProperties.class)
public class ComputeNodeApplication {

    public static void main(String[] args) {
        SpringApplication.run(ComputeNodeApplication.class, args);
    }

    @Bean
    NodeState nodeState(NodeProperties properties) {
        return new NodeState(properties.resolvedId());
    }
}
