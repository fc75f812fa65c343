package dev.msgsuite.support.skillbus;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service publishes its events.
 *
 * @param url the bus endpoint, e.g. {@code ws://bus-server:8081/ws}; unset means no events
 * @param token bearer token when the bus requires one
 * @param bufferCapacity events held while the bus is unreachable; beyond it the oldest go
 */
@ConfigurationProperties("suite.skillbus")
public record SkillBusProperties(@Nullable URI url, @Nullable String token, @DefaultValue("10000") int bufferCapacity) {

    public SkillBusProperties {
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("suite.skillbus.buffer-capacity must be at least 1, was " + bufferCapacity);
        }
    }
}
