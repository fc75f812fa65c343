package dev.msgsuite.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code suite-defaults.yml} as the lowest-priority property source, so every service
 * exposes the same actuator endpoints and probes and shuts down the same way, while a
 * service's own {@code application.yml}, the environment and the command line still win.
 * <p>
 * Also honours {@code management.otlp.tracing.endpoint} (Boot 3's name, which operators and
 * collector guides still use): Boot 4 keeps it only as a deprecated alias that does not switch
 * the exporter on, so it is copied to {@code management.opentelemetry.tracing.export.otlp.endpoint}
 * unless that is set itself.
 */
public final class SuiteDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String RESOURCE = "suite-defaults.yml";

    static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    static final String BOOT3_OTLP_ENDPOINT = "management.otlp.tracing.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(RESOURCE, new ClassPathResource(RESOURCE))) {
                environment.getPropertySources().addLast(source);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + " from the classpath", ex);
        }
        String boot3Endpoint = environment.getProperty(BOOT3_OTLP_ENDPOINT);
        if (boot3Endpoint != null && !boot3Endpoint.isBlank() && !environment.containsProperty(OTLP_ENDPOINT)) {
            environment.getPropertySources().addFirst(new MapPropertySource("suiteOtlpEndpoint", Map.of(OTLP_ENDPOINT, boot3Endpoint)));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
