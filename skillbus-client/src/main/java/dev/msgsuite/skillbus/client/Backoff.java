package dev.msgsuite.skillbus.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential reconnect delays with jitter: initial, doubled per failure, capped at maximum. */
record Backoff(Duration initial, Duration maximum) {

    Backoff {
        if (initial.isNegative() || initial.isZero() || maximum.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= maximum");
        }
    }

    /** The delay before reconnect attempt {@code attempt} (1 = first retry): between half and all of the cap. */
    Duration delay(int attempt) {
        long cap = this.initial.toMillis() << Math.min(attempt - 1, 20);
        long bounded = Math.min(Math.max(cap, this.initial.toMillis()), this.maximum.toMillis());
        long half = bounded / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(bounded - half + 1));
    }
}
