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
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Job progress and completion on the skill bus, so anyone can watch a run live. Progress is
 * throttled per job ({@code saver.progress-interval}); completion goes out once per job and
 * saver-service instance, with the final counts. The database stays the source of truth:
 * these are notifications.
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

    private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();

    // a result redelivered after completion must not announce the job again
    private final Set<String> completed = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_COMPLETIONS;
        }
    }));

    @Autowired
    JobEvents(JobStore jobs, BusEvents bus, SaverProperties properties) {
        this(jobs, bus, properties.progressInterval(), System::nanoTime);
    }

    JobEvents(JobStore jobs, BusEvents bus, Duration interval, LongSupplier nanoTime) {
        this.jobs = jobs;
        this.bus = bus;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    @EventListener
    void onResultsStored(ResultsStored event) {
        event.jobIds().forEach(this::stored);
    }

    void stored(String jobId) {
        if (this.completed.contains(jobId)) {
            return;
        }
        JobStore.JobStatus status = this.jobs.status(jobId).orElse(null);
        if (status == null) {
            return;
        }
        if (status.complete()) {
            if (this.completed.add(jobId)) {
                this.lastProgress.remove(jobId);
                this.bus.publish(COMPLETED, new JobCompleted(status.jobId(), status.electionId(), status.total(),
                        status.done(), status.failed(), status.resultsPerSecond()));
            }
            return;
        }
        long now = this.nanoTime.getAsLong();
        boolean due = now == this.lastProgress.compute(jobId,
                (id, last) -> last == null || now - last >= this.intervalNanos ? now : last);
        if (due) {
            this.bus.publish(PROGRESS, new JobProgress(status.jobId(), status.electionId(), status.total(), status.done(),
                    status.failed(), status.resultsPerSecond()));
        }
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
     */
    record JobProgress(String jobId, String electionId, int total, long done, long failed, double rate) {
    }

    /**
     * Payload of {@code compute.job.completed}: every answer set is stored or failed.
     *
     * @param jobId the job
     * @param electionId its election
     * @param total answer sets submitted
     * @param done results stored
     * @param failed answer sets that could not be computed
     * @param rate stored results per second from submission to the last result
     */
    record JobCompleted(String jobId, String electionId, int total, long done, long failed, double rate) {
    }
}
