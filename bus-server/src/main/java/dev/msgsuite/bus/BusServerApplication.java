package dev.msgsuite.bus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The skill bus: websocket clients register for skills and receive the packets published to them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BusServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(BusServerApplication.class, args);
    }
}
