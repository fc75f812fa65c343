package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.tuples.Refusal;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocked reads, takes and notify subscriptions this instance holds, for its own clients and
 * for those of other instances, bounded by {@code tuplespace.limits.max-waiters}.
 */
public final class Waiters {

    /** What waits. */
    public enum Kind {
        READER, TAKER, SUBSCRIBER
    }

    private final int max;

    private final AtomicInteger total = new AtomicInteger();

    private final AtomicInteger[] byKind = { new AtomicInteger(), new AtomicInteger(), new AtomicInteger() };

    public Waiters(int max) {
        this.max = max;
    }

    /** Counts one more, or refuses when the instance holds the most allowed. */
    public void reserve(Kind kind) {
        if (this.total.incrementAndGet() > this.max) {
            this.total.decrementAndGet();
            throw new Refusal(Refusal.Reason.TOO_MANY_WAITERS,
                    "This instance holds " + this.max + " blocked reads, takes and subscriptions, the most allowed; retry later");
        }
        this.byKind[kind.ordinal()].incrementAndGet();
    }

    public void release(Kind kind) {
        this.total.decrementAndGet();
        this.byKind[kind.ordinal()].decrementAndGet();
    }

    public int count(Kind kind) {
        return this.byKind[kind.ordinal()].get();
    }
}
