package dev.msgsuite.saver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The coordinator and store of the compute pipeline. */
@SpringBootApplication
public class SaverServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SaverServiceApplication.class, args);
    }
}
