package dev.msgsuite.saver.jobs;

import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.saver.results.ResultsStored;
import dev.msgsuite.support.skillbus.BusEvents;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Job progress and completion on the skill bus, so anyone can watch a run live. Progress is
 * throttled per job ({@code saver.progress-interval}); completion goes out once per job and
 * saver-service instance, with the final counts. The database stays the source of truth:
 * these are notifications. The same events go to the console's server-sent events
 * ({@link JobEventStream}).
 * <p>
 * Counting a job's rows costs a scan of its results, so the counts are read only when a
 * progress event is due or when the answer sets this instance has seen reach the job's total.
 * With several instances sharing the results, an instance may only see completion at its
 * next due progress, or not at all if the last results went to another one.
 */
@Component
class JobEvents {

    static final String PROGRESS = "compute.job.progress";

    static final String COMPLETED = "compute.job.completed";

    private static final int REMEMBERED_COMPLETIONS = 10_000;

    private final JobStore jobs;

    private final BusEvents bus;

    private final long intervalNanos;

    private final LongSupplier nanoTime;

    private final BiConsumer<String, JobStore.JobStatus> stream;

    private final Map<String, Tracker> running = new ConcurrentHashMap<>();

    // a result redelivered after completion must not announce the job again
    private final Set<String> completed = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_COMPLETIONS;
        }
    }));

    @Autowired
    JobEvents(JobStore jobs, BusEvents bus, SaverProperties properties, JobEventStream stream) {
        this(jobs, bus, properties.progressInterval(), System::nanoTime, stream::publish);
    }

    JobEvents(JobStore jobs, BusEvents bus, Duration interval, LongSupplier nanoTime) {
        this(jobs, bus, interval, nanoTime, (name, status) -> {
        });
    }

    JobEvents(JobStore jobs, BusEvents bus, Duration interval, LongSupplier nanoTime,
            BiConsumer<String, JobStore.JobStatus> stream) {
        this.stream = stream;
        this.jobs = jobs;
        this.bus = bus;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    @EventListener
    void onResultsStored(ResultsStored event) {
        event.answerSetsByJob().forEach(this::stored);
    }

    void stored(String jobId, int answerSets) {
        if (this.completed.contains(jobId)) {
            return;
        }
        Tracker tracker = this.running.computeIfAbsent(jobId, id -> new Tracker());
        boolean progressDue;
        synchronized (tracker) {
            long now = this.nanoTime.getAsLong();
            tracker.seen += answerSets;
            progressDue = tracker.lastProgress == null || now - tracker.lastProgress >= this.intervalNanos;
            boolean mayBeComplete = tracker.total >= 0 && tracker.seen >= tracker.total;
            if (!progressDue && !mayBeComplete) {
                return;
            }
            if (progressDue) {
                tracker.lastProgress = now;
            }
        }
        JobStore.JobStatus status = this.jobs.status(jobId).orElse(null);
        if (status == null) {
            this.running.remove(jobId);
            return;
        }
        tracker.total = status.total();
        if (status.complete()) {
            if (this.completed.add(jobId)) {
                this.running.remove(jobId);
                this.bus.publish(COMPLETED, new JobCompleted(status.jobId(), status.electionId(), status.total(),
                        status.done(), status.failed(), status.resultsPerSecond(), status.cancelled()));
                this.stream.accept(JobEventStream.COMPLETED, status);
            }
        }
        else if (progressDue) {
            this.bus.publish(PROGRESS, new JobProgress(status.jobId(), status.electionId(), status.total(), status.done(),
                    status.failed(), status.resultsPerSecond(), status.cancelled()));
            this.stream.accept(JobEventStream.PROGRESS, status);
        }
    }

    private static final class Tracker {

        private @Nullable Long lastProgress;

        private long seen;

        private volatile int total = -1;
    }

    /**
     * Payload of {@code compute.job.progress}.
     *
     * @param jobId the job
     * @param electionId its election
     * @param total answer sets submitted
     * @param done results stored
     * @param failed answer sets that could not be computed
     * @param rate stored results per second since submission
     * @param cancelled answer sets skipped because the job was cancelled
     */
    record JobProgress(String jobId, String electionId, int total, long done, long failed, double rate, long cancelled) {
    }

    /**
     * Payload of {@code compute.job.completed}: every answer set is stored, failed or (the job
     * cancelled) skipped.
     *
     * @param jobId the job
     * @param electionId its election
     * @param total answer sets submitted
     * @param done results stored
     * @param failed answer sets that could not be computed
     * @param rate stored results per second from submission to the last result
     * @param cancelled answer sets skipped because the job was cancelled
     */
    record JobCompleted(String jobId, String electionId, int total, long done, long failed, double rate, long cancelled) {
    }
}
