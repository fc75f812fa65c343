package dev.msgsuite.tuplespace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** A Linda/Rinda tuple space whose tuples live in PostgreSQL, shared by every instance on that database. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(TupleSpaceProperties.class)
public class TupleSpaceServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TupleSpaceServiceApplication.class, args);
    }
}
