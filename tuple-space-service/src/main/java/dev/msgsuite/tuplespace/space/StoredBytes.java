package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.tuples.Refusal;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of stored tuples this instance holds in memory for the spaces it is home of, bounded by
 * {@code tuplespace.limits.max-stored-bytes}: a write that would pass the bound is refused before
 * anything is kept. Loading a space this instance took over is never refused (its tuples exist).
 */
public final class StoredBytes {

    private final long max;

    private final AtomicLong held = new AtomicLong();

    public StoredBytes(long max) {
        this.max = max;
    }

    void reserve(int bytes) {
        if (this.held.addAndGet(bytes) > this.max) {
            this.held.addAndGet(-bytes);
            throw new Refusal(Refusal.Reason.SPACE_FULL, "The spaces of this instance hold " + this.max
                    + " bytes of tuples, the most allowed; take some before writing more");
        }
    }

    void forceAdd(int bytes) {
        this.held.addAndGet(bytes);
    }

    void release(int bytes) {
        this.held.addAndGet(-bytes);
    }

    public long held() {
        return this.held.get();
    }
}
