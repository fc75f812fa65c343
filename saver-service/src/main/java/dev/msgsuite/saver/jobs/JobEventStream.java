package dev.msgsuite.saver.jobs;

import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.support.web.SseFanOut;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of job progress for open console pages ({@code GET /api/jobs/events}), fed
 * by {@link JobEvents} (throttled per job, completion once) and by cancellations, through the
 * suite's {@link SseFanOut}: each subscriber has a queue of its own
 * ({@code saver.limits.event-queue-capacity}, the oldest event dropped when full) and a virtual
 * thread of its own, so a browser that stops reading delays nobody else and never the result
 * intake that reports progress; one whose send hangs longer than
 * {@code saver.limits.event-send-timeout} is dropped. Pages can always reload from the API.
 */
@Component
class JobEventStream implements DisposableBean {

    static final String PROGRESS = "progress";

    static final String COMPLETED = "completed";

    static final String CANCELLED = "cancelled";

    // proxies commonly close a response silent for 30 to 60 s
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final SseFanOut<String> streams;

    JobEventStream(SaverProperties properties, MeterRegistry meters) {
        this.streams = new SseFanOut<>("job-events", "saver.limits", properties.limits().maxEventSubscribers(),
                properties.limits().eventQueueCapacity(), properties.limits().eventSendTimeout(), HEARTBEAT, meters, "saver.job.events");
    }

    /**
     * A new stream of every job's events, or only of {@code jobId}'s; empty when
     * {@code saver.limits.max-event-subscribers} are open already.
     */
    Optional<SseEmitter> subscribe(@Nullable String jobId) {
        return this.streams.subscribe(jobId);
    }

    int subscribers() {
        return this.streams.subscribers();
    }

    /** Sends {@code status} as event {@code name} to every subscriber watching its job. */
    void publish(String name, JobStore.JobStatus status) {
        JobUpdate update = new JobUpdate(status.jobId(), status.electionId(), status.total(), status.done(), status.failed(),
                status.cancelled(), status.state(), status.progress(), status.resultsPerSecond());
        this.streams.publish(status.jobId(), SseEmitter.event().name(name).data(update, MediaType.APPLICATION_JSON));
    }

    @Override
    public void destroy() {
        this.streams.close();
    }

    /**
     * One event's data.
     *
     * @param jobId the job
     * @param electionId its election
     * @param total answer sets submitted
     * @param done results stored
     * @param failed answer sets that could not be computed
     * @param cancelled answer sets skipped because the job was cancelled
     * @param state running, complete, failed or cancelled
     * @param progress (done + failed + cancelled) / total, 0 to 1
     * @param rate stored results per second since submission
     */
    record JobUpdate(String jobId, String electionId, int total, long done, long failed, long cancelled, String state,
            double progress, double rate) {
    }
}
