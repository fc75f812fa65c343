package dev.msgsuite.mailbin.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the live stream {@code GET /api/live} ({@code mailbin.live.*}).
 *
 * @param maxSubscribers most open streams of this instance; one more is answered 503 with Retry-After
 * @param queueCapacity events waiting for one subscriber; when full its oldest event is dropped (counted)
 * @param sendTimeout longest time one event may take to reach a subscriber; a subscriber stuck longer is dropped
 */
@ConfigurationProperties("mailbin.live")
public record LiveProperties(@DefaultValue("100") int maxSubscribers, @DefaultValue("100") int queueCapacity,
        @DefaultValue("10s") Duration sendTimeout) {
}
