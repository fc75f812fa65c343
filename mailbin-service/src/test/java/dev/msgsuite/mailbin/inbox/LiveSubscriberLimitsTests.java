package dev.msgsuite.mailbin.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveSubscriberLimitsTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void subscribersBeyondTheCapAreRefusedAndCounted() throws Exception {
        LiveSubmissions live = new LiveSubmissions(new LiveProperties(2, 10, Duration.ofSeconds(5)), this.meters);
        try {
            assertThat(live.subscribe()).isPresent();
            assertThat(live.subscribe()).isPresent();

            assertThat(live.subscribe()).isEmpty();
            assertThat(live.subscribers()).isEqualTo(2);
            assertThat(this.meters.counter("mailbin.live.refused.subscribers").count()).isEqualTo(1);
        }
        finally {
            live.destroy();
        }
    }
}
