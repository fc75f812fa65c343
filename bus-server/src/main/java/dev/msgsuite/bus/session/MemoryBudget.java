package dev.msgsuite.bus.session;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The bytes every session of this instance holds together (queued, awaiting an ack, unread
 * replies), bounded by one limit. Each session is bounded on its own too, but thousands of
 * sessions times their own bounds is more than any heap; this budget is what keeps the sum
 * below the heap. When a packet or reply does not fit, the queues holding the most pending
 * bytes shed their oldest packets first (their overflow policy decides how), so a stalled or
 * hostile client pays before a well-behaved one. Thread-safe; never called under a session's lock.
 */
public final class MemoryBudget {

    /** Sessions asked to shed for one reservation before it is refused. */
    private static final int MAX_SHEDS = 8;

    /** A shed frees at least this share of the budget, so a full bus does not rescan every session per packet. */
    private static final int SHED_SHARE = 64;

    private final long limit;

    private final AtomicLong used = new AtomicLong();

    private volatile Supplier<? extends Collection<ClientSession>> sessions = List::of;

    public MemoryBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("memory budget must be positive");
        }
        this.limit = limit;
    }

    /** A budget no real heap reaches (tests of one session). */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    /** Where to find the sessions that may shed packets when the budget is full. */
    public void shedFrom(Supplier<? extends Collection<ClientSession>> sessions) {
        this.sessions = sessions;
    }

    public long limit() {
        return this.limit;
    }

    /** Bytes held by all sessions now. */
    public long used() {
        return this.used.get();
    }

    /** Takes {@code bytes} from the budget if they fit. */
    boolean tryReserve(long bytes) {
        long current;
        do {
            current = this.used.get();
            if (current + bytes > this.limit) {
                return false;
            }
        }
        while (!this.used.compareAndSet(current, current + bytes));
        return true;
    }

    /**
     * Takes {@code bytes}, first making the largest queues shed their oldest packets if the
     * budget is full; false if even that does not make room (the caller drops what it holds).
     */
    boolean reserve(long bytes) {
        for (int attempt = 0; attempt < MAX_SHEDS; attempt++) {
            if (tryReserve(bytes)) {
                return true;
            }
            ClientSession largest = null;
            long largestBytes = 0;
            for (ClientSession session : this.sessions.get()) {
                long pending = session.pendingBytes();
                if (pending > largestBytes) {
                    largest = session;
                    largestBytes = pending;
                }
            }
            if (largest == null) {
                return false;
            }
            long missing = this.used.get() + bytes - this.limit;
            largest.shed(Math.max(missing, this.limit / SHED_SHARE));
        }
        return tryReserve(bytes);
    }

    void release(long bytes) {
        if (bytes != 0) {
            this.used.addAndGet(-bytes);
        }
    }
}
