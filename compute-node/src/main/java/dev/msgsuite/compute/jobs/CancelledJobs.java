package dev.msgsuite.compute.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jobs cancelled by the coordinator, remembered so their remaining batches are skipped. The
 * command fans out to every node and anyone able to publish one names a job, so the set is
 * bounded: at most {@code maxJobs}, each kept for {@code keepFor}, the oldest forgotten first.
 * A forgotten job's late batches are simply computed (their results are stored as done).
 */
public final class CancelledJobs {

    private final Map<String, Instant> jobs = new LinkedHashMap<>();

    private final int maxJobs;

    private final Duration keepFor;

    private final Clock clock;

    public CancelledJobs(int maxJobs, Duration keepFor, Clock clock) {
        this.maxJobs = maxJobs;
        this.keepFor = keepFor;
        this.clock = clock;
    }

    public synchronized void cancel(String jobId) {
        expire();
        this.jobs.remove(jobId);
        this.jobs.put(jobId, this.clock.instant());
        while (this.jobs.size() > this.maxJobs) {
            Iterator<String> oldest = this.jobs.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    public synchronized boolean isCancelled(String jobId) {
        if (this.jobs.isEmpty()) {
            return false;
        }
        expire();
        return this.jobs.containsKey(jobId);
    }

    synchronized int size() {
        return this.jobs.size();
    }

    private void expire() {
        Instant limit = this.clock.instant().minus(this.keepFor);
        Iterator<Instant> oldestFirst = this.jobs.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().isBefore(limit)) {
            oldestFirst.remove();
        }
    }
}
