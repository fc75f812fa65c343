package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTests {

    private final AtomicLong now = new AtomicLong();

    private final ClientRateLimiter limiter = new ClientRateLimiter(new IntakeProperties.RateLimit(3, 0.5, 1000), this.now::get);

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
    void ipv6AddressesAreKeyedByTheirSlash64AndOthersAsTheyAre() {
        assertThat(ClientRateLimiter.clientKey("2001:db8:0:7:1:2:3:4")).isEqualTo(ClientRateLimiter.clientKey("2001:db8:0:7::9"))
                .isEqualTo("20010db800000007::/64");
        assertThat(ClientRateLimiter.clientKey("2001:db8:0:8::1")).isNotEqualTo(ClientRateLimiter.clientKey("2001:db8:0:7::1"));
        assertThat(ClientRateLimiter.clientKey("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
        assertThat(ClientRateLimiter.clientKey("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(ClientRateLimiter.clientKey("x".repeat(500))).hasSize(100);
    }

    @Test
    void aFloodOfDistinctClientsKeepsAtMostMaxClientsBuckets() {
        ClientRateLimiter small = new ClientRateLimiter(new IntakeProperties.RateLimit(3, 0.5, 100), this.now::get);

        for (int i = 0; i < 10_000; i++) {
            small.acquire("client-" + i);
        }

        assertThat(small.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void aBucketThatWouldHaveRefilledIsForgotten() {
        this.limiter.acquire("a");
        this.now.addAndGet(TimeUnit.SECONDS.toNanos(7));

        assertThat(this.limiter.size()).isZero();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientRateLimiter(new IntakeProperties.RateLimit(0, 1, 1000), System::nanoTime));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientRateLimiter(new IntakeProperties.RateLimit(1, 0, 1000), System::nanoTime));
    }
}
