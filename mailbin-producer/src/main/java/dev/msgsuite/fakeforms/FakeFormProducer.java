package dev.msgsuite.fakeforms;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.contracts.MailbinTopics;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.datafaker.Faker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends submissions at the configured rate. Every tick sends what is due since the start,
 * so the rate holds from 0.1/s to tens of thousands per second without one timer per record.
 */
@Component
class FakeFormProducer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FakeFormProducer.class);

    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final KafkaTemplate<String, FormSubmission> kafka;

    private final ProducerProperties properties;

    private final FakeSubmissions submissions;

    private final AcknowledgedFile acknowledgedFile;

    private final AtomicLong acknowledged = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    private final CountDownLatch done = new CountDownLatch(1);

    private @Nullable ScheduledExecutorService ticker;

    private long startedNanos;

    private long sent;

    FakeFormProducer(KafkaTemplate<String, FormSubmission> kafka, ProducerProperties properties, HealthProperties health) {
        this.kafka = kafka;
        this.properties = properties;
        this.submissions = new FakeSubmissions(new Faker(), Clock.systemUTC(), properties.id(), properties.forms());
        this.acknowledgedFile = new AcknowledgedFile(health.file());
    }

    @Override
    public synchronized void start() {
        log.info("Producer {} sending {} submissions/s over forms {}{}", this.properties.id(), this.properties.rate(),
                this.properties.forms(), isBounded() ? ", " + this.properties.maxCount() + " in all" : "");
        this.startedNanos = System.nanoTime();
        long period = Math.min(MAX_TICK_NANOS, (long) (1e9 / this.properties.rate()));
        // a non-daemon thread keeps the JVM of a producer without a web server alive
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("fake-forms").factory());
        executor.scheduleAtFixedRate(this::tick, 0, Math.max(period, 1), TimeUnit.NANOSECONDS);
        this.ticker = executor;
    }

    private void tick() {
        this.acknowledgedFile.update(this.acknowledged.get(), System.nanoTime());
        try {
            long due = (long) ((System.nanoTime() - this.startedNanos) / 1e9 * this.properties.rate()) + 1;
            if (isBounded()) {
                due = Math.min(due, this.properties.maxCount());
            }
            while (this.sent < due) {
                FormSubmission submission = this.submissions.next();
                this.sent++;
                try {
                    this.kafka.send(MailbinTopics.SUBMISSIONS, submission.formId(), submission).whenComplete((result, ex) -> {
                        if (ex == null) {
                            this.acknowledged.incrementAndGet();
                        }
                        else {
                            failed(submission, ex);
                        }
                    });
                }
                catch (RuntimeException ex) {
                    // no metadata or a full buffer within max.block.ms: this one is lost, counted and logged
                    failed(submission, ex);
                }
            }
            if (isBounded() && this.sent >= this.properties.maxCount()) {
                this.kafka.flush();
                log.info("Producer {} done: {} acknowledged, {} failed", this.properties.id(), this.acknowledged.get(), this.failed.get());
                this.done.countDown();
                throw new DoneException();
            }
        }
        catch (DoneException ex) {
            throw ex; // ends the fixed-rate schedule
        }
        catch (RuntimeException ex) {
            log.warn("Producer tick failed, trying again next tick: {}", ex.toString());
        }
    }

    private void failed(FormSubmission submission, Throwable ex) {
        if (this.failed.incrementAndGet() % 1000 == 1) {
            log.warn("Kafka did not take submission {} ({} failed so far): {}", submission.id(), this.failed.get(), ex.getMessage());
        }
    }

    boolean isBounded() {
        return this.properties.maxCount() > 0;
    }

    /** Blocks until a bounded producer has sent (and flushed) all its submissions. */
    void awaitDone() {
        try {
            this.done.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    long acknowledged() {
        return this.acknowledged.get();
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = this.ticker;
        if (executor != null) {
            executor.shutdownNow();
            this.ticker = null;
            this.kafka.flush();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.ticker != null;
    }

    private static final class DoneException extends RuntimeException {

        DoneException() {
            super(null, null, false, false);
        }
    }
}
