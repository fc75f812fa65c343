package dev.msgsuite.support.skillbus;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events waiting for the bus, oldest first, within a fixed capacity: a full buffer drops its
 * oldest event to take a new one, counted and logged at most once a minute.
 */
final class EventBuffer {

    private static final Logger log = LoggerFactory.getLogger(SkillBusEvents.class);

    private static final Duration DROP_LOG_INTERVAL = Duration.ofMinutes(1);

    private final LinkedBlockingDeque<byte[]> events;

    private final AtomicLong dropped = new AtomicLong();

    private final AtomicLong lastDropLog = new AtomicLong(Long.MIN_VALUE);

    EventBuffer(int capacity) {
        this.events = new LinkedBlockingDeque<>(capacity);
    }

    /** Adds an event at the tail, dropping the oldest while there is no room. */
    void add(byte[] event) {
        while (!this.events.offerLast(event)) {
            if (this.events.pollFirst() != null) {
                dropped(1);
            }
        }
    }

    /** Waits for the oldest event and takes it. */
    byte[] take() throws InterruptedException {
        return this.events.takeFirst();
    }

    /** Puts an event that could not be sent back at the head, or drops it if newer ones filled the buffer meanwhile. */
    void putBack(byte[] event) {
        if (!this.events.offerFirst(event)) {
            dropped(1);
        }
    }

    /** Drops every waiting event (the service is stopping); returns how many. */
    int clear() {
        int left = this.events.size();
        if (left > 0) {
            this.events.clear();
            this.dropped.addAndGet(left);
        }
        return left;
    }

    int size() {
        return this.events.size();
    }

    /** The oldest event, left in place; null if there is none. */
    byte @Nullable [] peekFirst() {
        return this.events.peekFirst();
    }

    long dropped() {
        return this.dropped.get();
    }

    private void dropped(long count) {
        long total = this.dropped.addAndGet(count);
        long now = System.nanoTime();
        long last = this.lastDropLog.get();
        if ((last == Long.MIN_VALUE || now - last >= DROP_LOG_INTERVAL.toNanos()) && this.lastDropLog.compareAndSet(last, now)) {
            log.warn("The skill bus event buffer is full: dropped the oldest events ({} so far)", total);
        }
    }
}
