package dev.msgsuite.talker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The talker: a line-based TCP chat whose servers link into a peer mesh. */
@SpringBootApplication
public class TalkerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TalkerServiceApplication.class, args);
    }
}
