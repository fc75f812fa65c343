package dev.msgsuite.mailbin.inbox;

import dev.msgsuite.mailbin.store.SubmissionStored;
import dev.msgsuite.support.web.SseFanOut;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of newly stored submissions for open inbox pages, through the suite's
 * {@link SseFanOut}: each subscriber has a queue of its own ({@code mailbin.live.queue-capacity},
 * the oldest event dropped when full) and a virtual thread of its own, so a browser that stops
 * reading delays nobody else, and never the Kafka consumer; one whose send hangs longer than
 * {@code mailbin.live.send-timeout} is dropped. Pages can always reload from the API.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
class LiveSubmissions implements DisposableBean {

    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final SseFanOut<Void> streams;

    LiveSubmissions(LiveProperties properties, MeterRegistry meters) {
        this.streams = new SseFanOut<>("inbox-live", "mailbin.live", properties.maxSubscribers(), properties.queueCapacity(),
                properties.sendTimeout(), HEARTBEAT, meters, "mailbin.live");
    }

    /** A new stream, or empty when {@code mailbin.live.max-subscribers} are open already. */
    Optional<SseEmitter> subscribe() {
        return this.streams.subscribe(null);
    }

    int subscribers() {
        return this.streams.subscribers();
    }

    @EventListener
    void onStored(SubmissionStored event) {
        this.streams.publish(null, SseEmitter.event().name("submission").id(event.submission().id().toString())
                .data(event.submission(), MediaType.APPLICATION_JSON));
    }

    @Override
    public void destroy() {
        this.streams.close();
    }
}
