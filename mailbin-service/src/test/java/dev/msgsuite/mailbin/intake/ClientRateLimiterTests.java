package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTests {

    private final AtomicLong now = new AtomicLong();

    private final ClientRateLimiter limiter = new ClientRateLimiter(new IntakeProperties.RateLimit(3, 0.5), this.now::get);

    @Test
    void aClientMaySendItsBurstThenWaitsForTokensToRefill() {
        assertThat(this.limiter.acquire("a")).isZero();
        assertThat(this.limiter.acquire("a")).isZero();
        assertThat(this.limiter.acquire("a")).isZero();
        assertThat(this.limiter.acquire("a")).as("seconds to wait at 0.5/s").isEqualTo(2);

        this.now.addAndGet(TimeUnit.SECONDS.toNanos(2));

        assertThat(this.limiter.acquire("a")).isZero();
        assertThat(this.limiter.acquire("a")).isPositive();
    }

    @Test
    void clientsHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            this.limiter.acquire("a");
        }

        assertThat(this.limiter.acquire("a")).isPositive();
        assertThat(this.limiter.acquire("b")).isZero();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientRateLimiter(new IntakeProperties.RateLimit(0, 1), System::nanoTime));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientRateLimiter(new IntakeProperties.RateLimit(1, 0), System::nanoTime));
    }
}
