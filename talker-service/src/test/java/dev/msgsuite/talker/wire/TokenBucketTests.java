package dev.msgsuite.talker.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTests {

    private long now;

    private final TokenBucket bucket = new TokenBucket(10, 3, () -> this.now);

    @Test
    void allowsTheBurstThenRefillsAtTheRate() {
        assertThat(this.bucket.tryTake()).isTrue();
        assertThat(this.bucket.tryTake()).isTrue();
        assertThat(this.bucket.tryTake()).isTrue();
        assertThat(this.bucket.tryTake()).isFalse();

        this.now += 100_000_000L;
        assertThat(this.bucket.tryTake()).isTrue();
        assertThat(this.bucket.tryTake()).isFalse();
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        this.now += 60_000_000_000L;

        int taken = 0;
        while (this.bucket.tryTake()) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }
}
