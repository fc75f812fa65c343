package dev.msgsuite.saver.jobs;

import dev.msgsuite.saver.SaverProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of job progress for open console pages ({@code GET /api/jobs/events}), fed
 * by {@link JobEvents} (throttled per job, completion once) and by cancellations. Each
 * subscriber has a queue of its own ({@code saver.limits.event-queue-capacity}, the oldest event
 * dropped when full) written by a virtual thread of its own, so a browser that stops reading
 * delays nobody else and never the result intake that reports progress; one whose send hangs
 * longer than {@code saver.limits.event-send-timeout} is dropped. Pages can always reload from
 * the API. Same design as mailbin-service's live inbox.
 */
@Component
class JobEventStream implements DisposableBean {

    static final String PROGRESS = "progress";

    static final String COMPLETED = "completed";

    static final String CANCELLED = "cancelled";

    private static final Logger log = LoggerFactory.getLogger(JobEventStream.class);

    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);

    // proxies commonly close a response silent for 30 to 60 s
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final int maxSubscribers;

    private final int queueCapacity;

    private final Duration sendTimeout;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-events-", 0).factory());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-events-timer").daemon().factory());

    private final Counter droppedEvents;

    private final Counter droppedSubscribers;

    private final Counter refusedSubscribers;

    JobEventStream(SaverProperties properties, MeterRegistry meters) {
        this.maxSubscribers = properties.limits().maxEventSubscribers();
        this.queueCapacity = properties.limits().eventQueueCapacity();
        this.sendTimeout = properties.limits().eventSendTimeout();
        this.droppedEvents = Counter.builder("saver.job.events.dropped.events")
                .description("Job events a slow subscriber lost because its queue was full").register(meters);
        this.droppedSubscribers = Counter.builder("saver.job.events.dropped.subscribers")
                .description("Job event subscribers dropped because a send took longer than saver.limits.event-send-timeout")
                .register(meters);
        this.refusedSubscribers = Counter.builder("saver.job.events.refused.subscribers")
                .description("Job event subscriptions refused because saver.limits.max-event-subscribers were open")
                .register(meters);
        Gauge.builder("saver.job.events.subscribers", this.subscribers, Set::size).register(meters);
        this.timer.scheduleAtFixedRate(() -> toAll(null, SseEmitter.event().comment("keep-alive").build()),
                HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
        long check = Math.max(100, this.sendTimeout.toMillis() / 4);
        this.timer.scheduleAtFixedRate(this::dropStuck, check, check, TimeUnit.MILLISECONDS);
    }

    /**
     * A new stream of every job's events, or only of {@code jobId}'s; empty when
     * {@code saver.limits.max-event-subscribers} are open already.
     */
    synchronized Optional<SseEmitter> subscribe(@Nullable String jobId) {
        if (this.subscribers.size() >= this.maxSubscribers) {
            this.refusedSubscribers.increment();
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        Subscriber subscriber = new Subscriber(emitter, jobId);
        emitter.onCompletion(() -> this.subscribers.remove(subscriber));
        emitter.onTimeout(() -> this.subscribers.remove(subscriber));
        emitter.onError(ex -> this.subscribers.remove(subscriber));
        this.subscribers.add(subscriber);
        // sent at once so the response (status, headers) reaches the client before the first event
        subscriber.offer(SseEmitter.event().comment("subscribed").build());
        return Optional.of(emitter);
    }

    int subscribers() {
        return this.subscribers.size();
    }

    /** Sends {@code status} as event {@code name} to every subscriber watching its job. */
    void publish(String name, JobStore.JobStatus status) {
        JobUpdate update = new JobUpdate(status.jobId(), status.electionId(), status.total(), status.done(), status.failed(),
                status.cancelled(), status.state(), status.progress(), status.resultsPerSecond());
        toAll(status.jobId(), SseEmitter.event().name(name).data(update, MediaType.APPLICATION_JSON).build());
    }

    private void toAll(@Nullable String jobId, Set<DataWithMediaType> event) {
        for (Subscriber subscriber : this.subscribers) {
            if (jobId == null || subscriber.jobId == null || subscriber.jobId.equals(jobId)) {
                subscriber.offer(event);
            }
        }
    }

    private void dropStuck() {
        long now = System.nanoTime();
        for (Subscriber subscriber : this.subscribers) {
            long since = subscriber.sendingSince;
            if (since != 0 && now - since > this.sendTimeout.toNanos()) {
                this.droppedSubscribers.increment();
                log.info("Dropped a job event subscriber whose send took longer than {}", this.sendTimeout);
                // completing waits for the hung write (the emitter's lock): on the subscriber's own kind of thread
                remove(subscriber, null);
            }
        }
    }

    private void remove(Subscriber subscriber, @Nullable Exception cause) {
        this.subscribers.remove(subscriber);
        subscriber.close();
        try {
            this.senders.execute(() -> {
                if (cause == null) {
                    subscriber.emitter.complete();
                }
                else {
                    subscriber.emitter.completeWithError(cause);
                }
            });
        }
        catch (RejectedExecutionException ex) {
            // shutting down
        }
    }

    @Override
    public void destroy() {
        this.timer.shutdownNow();
        // completed on sender threads: a write hung on a reader that went away must not hold up shutdown
        this.subscribers.forEach(subscriber -> remove(subscriber, null));
        this.senders.shutdown();
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

    private final class Subscriber {

        private final SseEmitter emitter;

        private final @Nullable String jobId;

        private final ArrayDeque<Set<DataWithMediaType>> queue = new ArrayDeque<>();

        private boolean draining;

        private boolean closed;

        /** When the send under way started ({@link System#nanoTime()}), 0 while none is. */
        private volatile long sendingSince;

        Subscriber(SseEmitter emitter, @Nullable String jobId) {
            this.emitter = emitter;
            this.jobId = jobId;
        }

        void offer(Set<DataWithMediaType> event) {
            synchronized (this) {
                if (this.closed) {
                    return;
                }
                if (this.queue.size() >= JobEventStream.this.queueCapacity) {
                    this.queue.pollFirst();
                    JobEventStream.this.droppedEvents.increment();
                }
                this.queue.addLast(event);
                if (this.draining) {
                    return;
                }
                this.draining = true;
            }
            try {
                JobEventStream.this.senders.execute(this::drain);
            }
            catch (RejectedExecutionException ex) {
                // shutting down
            }
        }

        synchronized void close() {
            this.closed = true;
            this.queue.clear();
        }

        private void drain() {
            while (true) {
                Set<DataWithMediaType> event;
                synchronized (this) {
                    event = this.closed ? null : this.queue.pollFirst();
                    if (event == null) {
                        this.draining = false;
                        return;
                    }
                }
                this.sendingSince = System.nanoTime();
                try {
                    this.emitter.send(event);
                }
                catch (IOException | IllegalStateException ex) {
                    remove(this, ex);
                    return;
                }
                finally {
                    this.sendingSince = 0;
                }
            }
        }
    }
}
