package dev.msgsuite.saver;

import dev.msgsuite.saver.nodes.NodeRegistry;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The coordinator and store of the compute pipeline. */
@SpringBootApplication
@EnableConfigurationProperties(SaverProperties.class)
public class SaverServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SaverServiceApplication.class, args);
    }

    @Bean
    NodeRegistry nodeRegistry(SaverProperties properties) {
        return new NodeRegistry(Clock.systemUTC(), properties.nodeLostAfter(), properties.limits().forgetNodesAfter(),
                properties.limits().maxNodes());
    }
}
