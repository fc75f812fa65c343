package dev.msgsuite.mailbin.intake;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * A token bucket per client key (the intake's per address, the API's per user). Thread-safe. Buckets live in a cache bounded in size
 * ({@code max-clients}) whose entries expire once they would have refilled completely: such a
 * bucket carries no information, and a flood of distinct addresses costs bounded memory and
 * constant time per request.
 */
public class ClientRateLimiter {

    private final int burst;

    private final double perNano;

    private final LongSupplier nanoClock;

    private final Cache<String, Bucket> buckets;

    public ClientRateLimiter(IntakeProperties.RateLimit limit, LongSupplier nanoClock) {
        if (limit.burst() < 1 || !(limit.perSecond() > 0) || limit.maxClients() < 1) {
            throw new IllegalArgumentException("A rate limit needs burst >= 1, per-second > 0 and max-clients >= 1, got " + limit);
        }
        this.burst = limit.burst();
        this.perNano = limit.perSecond() / 1e9;
        this.nanoClock = nanoClock;
        Duration refill = Duration.ofNanos((long) Math.ceil(this.burst / this.perNano));
        this.buckets = Caffeine.newBuilder().maximumSize(limit.maxClients()).expireAfterAccess(refill)
                .ticker(nanoClock::getAsLong).executor(Runnable::run).build();
    }

    /**
     * Takes one token for the client.
     *
     * @return 0 if the client may go on, else the whole seconds until it may try again
     */
    public long acquire(String client) {
        long now = this.nanoClock.getAsLong();
        return this.buckets.get(client, key -> new Bucket(now)).take(now);
    }

    /** Buckets held now (after pending evictions), for tests and metrics. */
    long size() {
        this.buckets.cleanUp();
        return this.buckets.estimatedSize();
    }

    /**
     * The rate-limit key of a client address: an IPv6 address by its /64 prefix (one subscriber
     * line gets a whole /64, so its addresses are one client), anything else as it is.
     */
    static String clientKey(String address) {
        if (address.indexOf(':') >= 0) {
            try {
                if (InetAddress.ofLiteral(address) instanceof Inet6Address v6) {
                    byte[] bytes = v6.getAddress();
                    return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
                }
            }
            catch (IllegalArgumentException ex) {
                // not a literal address: keyed as the text it is
            }
        }
        return address.length() > 100 ? address.substring(0, 100) : address;
    }

    private final class Bucket {

        private double tokens = ClientRateLimiter.this.burst;

        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        synchronized long take(long now) {
            this.tokens = Math.min(ClientRateLimiter.this.burst, this.tokens + (now - this.updated) * ClientRateLimiter.this.perNano);
            this.updated = now;
            if (this.tokens >= 1) {
                this.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - this.tokens) / ClientRateLimiter.this.perNano / 1e9);
        }
    }
}
