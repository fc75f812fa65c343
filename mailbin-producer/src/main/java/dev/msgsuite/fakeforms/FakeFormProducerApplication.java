package dev.msgsuite.fakeforms;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fake-form producer: sends generated web-form submissions straight into mailbin's Kafka topic
 * at a fixed rate. Any number of producers can run at once; each tags its records with its id.
 */
@SpringBootApplication(excludeName = {
        // when it runs in mailbin-service's test JVM, JDBC is on the classpath but not its business
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@EnableConfigurationProperties({ ProducerProperties.class, HealthProperties.class })
public class FakeFormProducerApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = builder().run(args);
        FakeFormProducer producer = context.getBean(FakeFormProducer.class);
        if (producer.isBounded()) {
            producer.awaitDone();
            System.exit(SpringApplication.exit(context));
        }
    }

    /**
     * The application as it runs from {@link #main}: its own configuration file
     * ({@code mailbin-producer.yml}), so it can share a classpath with mailbin-service.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(FakeFormProducerApplication.class)
                .properties(Map.of("spring.config.name", "mailbin-producer"));
    }
}
