package dev.msgsuite.mailbin;

import dev.msgsuite.support.skillbus.BusEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Records what mailbin would publish to the skill bus; the transport itself is tested in bus-server. */
public final class RecordingBusEvents implements BusEvents {

    private final List<Published> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String skill, Object payload) {
        this.published.add(new Published(skill, payload));
    }

    public List<Published> published() {
        return List.copyOf(this.published);
    }

    public record Published(String skill, Object payload) {
    }

    /** Replaces the no-op {@link BusEvents} of a context without {@code suite.skillbus.url}. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        RecordingBusEvents recordingBusEvents() {
            return new RecordingBusEvents();
        }
    }
}
