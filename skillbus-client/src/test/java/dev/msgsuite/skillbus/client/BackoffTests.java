package dev.msgsuite.skillbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTests {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    @RepeatedTest(20)
    void delaysDoubleWithJitterUpToTheMaximum() {
        assertThat(this.backoff.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(this.backoff.delay(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(this.backoff.delay(4)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(this.backoff.delay(10)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(this.backoff.delay(1000)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void refusesNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
