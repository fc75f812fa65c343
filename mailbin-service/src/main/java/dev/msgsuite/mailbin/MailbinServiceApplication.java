package dev.msgsuite.mailbin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Mailbin: catches web-form submissions through Kafka and shows them in a web inbox. */
@SpringBootApplication
public class MailbinServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MailbinServiceApplication.class, args);
    }
}
