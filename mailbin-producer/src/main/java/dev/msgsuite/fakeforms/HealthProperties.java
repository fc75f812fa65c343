package dev.msgsuite.fakeforms;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a producer without an HTTP port shows that it works ({@code mailbin.producer.health.*}).
 *
 * @param file a file rewritten, at most once a second, whenever Kafka has acknowledged more of this
 *        producer's submissions (its content is the count so far), so a container healthcheck can
 *        test the file's age; not written when unset
 */
@ConfigurationProperties("mailbin.producer.health")
public record HealthProperties(@Nullable Path file) {
}
