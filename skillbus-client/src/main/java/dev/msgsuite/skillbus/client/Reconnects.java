package dev.msgsuite.skillbus.client;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs connection attempts on one thread, the first at once and each retry after a growing {@link Backoff}. */
final class Reconnects {

    private final Backoff backoff;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("skillbus-client-reconnect").daemon().factory());

    private int attempts;

    Reconnects(Backoff backoff) {
        this.backoff = backoff;
    }

    void now(Runnable attempt) {
        this.scheduler.execute(attempt);
    }

    void later(Runnable attempt) {
        Duration delay = this.backoff.delay(++this.attempts);
        this.scheduler.schedule(attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A session was established: the next failure starts from the initial delay again. */
    void succeeded() {
        this.attempts = 0;
    }

    void stop() {
        this.scheduler.shutdownNow();
    }
}
