package dev.msgsuite.compute;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A compute node: takes commands and jobs from RabbitMQ and pushes results back. */
@SpringBootApplication
public class ComputeNodeApplication {

    public static void main(String[] args) {
        SpringApplication.run(ComputeNodeApplication.class, args);
    }
}
