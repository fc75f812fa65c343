package dev.msgsuite.tuplespace;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A second, separate instance of the service on the test context's database, started on first use
 * and stopped with the test context: what two replicas behind a load balancer are.
 */
public final class SecondInstance implements AutoCloseable {

    private final Environment environment;

    private ConfigurableApplicationContext context;

    SecondInstance(Environment environment) {
        this.environment = environment;
    }

    public synchronized int port() {
        return ((WebServerApplicationContext) started()).getWebServer().getPort();
    }

    public synchronized ConfigurableApplicationContext started() {
        if (this.context == null) {
            SpringApplication application = new SpringApplicationBuilder(TupleSpaceServiceApplication.class).build();
            // arguments, not default properties: these must win over config/application.yml
            this.context = application.run("--server.port=0", "--management.server.port=0",
                    "--spring.datasource.url=" + this.environment.getRequiredProperty("spring.datasource.url"),
                    "--spring.datasource.username=" + this.environment.getRequiredProperty("spring.datasource.username"),
                    "--spring.datasource.password=" + this.environment.getRequiredProperty("spring.datasource.password"));
        }
        return this.context;
    }

    /** Stops it as a crash would not: cleanly (used to restart it). */
    public synchronized void stop() {
        if (this.context != null) {
            this.context.close();
            this.context = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {

        @Bean(destroyMethod = "close")
        SecondInstance secondInstance(Environment environment) {
            return new SecondInstance(environment);
        }
    }
}
