package dev.msgsuite.compute.jobs;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * How long a batch that cannot be computed for now waits before it goes back to the queue:
 * exponential in the failures in a row across the node's consumers, capped, so a node whose
 * saver-service is away asks again now and then instead of hundreds of times a second. The
 * wait ends early when the node stops (drain or shutdown), so the batch is handed back at once.
 * Thread-safe.
 */
public final class FetchBackoff implements ApplicationListener<ContextClosedEvent> {

    private final Duration initial;

    private final Duration max;

    private final AtomicInteger failuresInARow = new AtomicInteger();

    private final CountDownLatch stopping = new CountDownLatch(1);

    public FetchBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max.compareTo(initial) < 0 ? initial : max;
    }

    /** Counts one more failure and answers how long to wait before the next try. */
    public Duration failed() {
        int failures = this.failuresInARow.updateAndGet(n -> n == Integer.MAX_VALUE ? n : n + 1);
        long cap = this.max.toMillis();
        long millis = Math.max(1, this.initial.toMillis());
        for (int i = 1; i < failures && millis < cap; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap));
    }

    /** Ends a run of failures; true if there was one. */
    public boolean recovered() {
        return this.failuresInARow.getAndSet(0) > 0;
    }

    public int failuresInARow() {
        return this.failuresInARow.get();
    }

    /**
     * Waits for the delay unless the node stops first.
     *
     * @return false when the wait was cut short (stopping or interrupted)
     */
    public boolean pause(Duration delay) {
        try {
            return !this.stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Cuts every wait short, now and later: the node is draining or shutting down. */
    public void stop() {
        this.stopping.countDown();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stop();
    }
}
