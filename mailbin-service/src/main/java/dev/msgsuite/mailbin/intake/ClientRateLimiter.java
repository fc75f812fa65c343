package dev.msgsuite.mailbin.intake;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client key. Thread-safe. Buckets that refilled completely carry no
 * information, so they are dropped when the map grows, which bounds memory under a flood of
 * distinct addresses.
 */
class ClientRateLimiter {

    private static final int PRUNE_ABOVE = 10_000;

    private final int burst;

    private final double perNano;

    private final LongSupplier nanoClock;

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    ClientRateLimiter(IntakeProperties.RateLimit limit, LongSupplier nanoClock) {
        if (limit.burst() < 1 || !(limit.perSecond() > 0)) {
            throw new IllegalArgumentException("mailbin.intake.rate-limit needs burst >= 1 and per-second > 0, got " + limit);
        }
        this.burst = limit.burst();
        this.perNano = limit.perSecond() / 1e9;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes one token for the client.
     *
     * @return 0 if the client may go on, else the whole seconds until it may try again
     */
    long acquire(String client) {
        long now = this.nanoClock.getAsLong();
        if (this.buckets.size() > PRUNE_ABOVE) {
            this.buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return this.buckets.computeIfAbsent(client, key -> new Bucket(now)).take(now);
    }

    private final class Bucket {

        private double tokens = ClientRateLimiter.this.burst;

        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (this.tokens >= 1) {
                this.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - this.tokens) / ClientRateLimiter.this.perNano / 1e9);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return this.tokens >= ClientRateLimiter.this.burst;
        }

        private void refill(long now) {
            this.tokens = Math.min(ClientRateLimiter.this.burst, this.tokens + (now - this.updated) * ClientRateLimiter.this.perNano);
            this.updated = now;
        }
    }
}
