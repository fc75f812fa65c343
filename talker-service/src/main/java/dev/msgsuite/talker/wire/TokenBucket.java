package dev.msgsuite.talker.wire;

import java.util.function.LongSupplier;

/** A token bucket over a nanosecond clock; not thread-safe (one per connection, on its event loop). */
public final class TokenBucket {

    private final double tokensPerNano;

    private final double capacity;

    private final LongSupplier clock;

    private double tokens;

    private long last;

    public TokenBucket(int perSecond, int capacity, LongSupplier clock) {
        this.tokensPerNano = perSecond / 1e9;
        this.capacity = Math.max(1, capacity);
        this.clock = clock;
        this.tokens = this.capacity;
        this.last = clock.getAsLong();
    }

    public boolean tryTake() {
        long now = this.clock.getAsLong();
        this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.tokensPerNano);
        this.last = now;
        if (this.tokens >= 1) {
            this.tokens -= 1;
            return true;
        }
        return false;
    }
}
