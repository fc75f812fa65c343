package dev.msgsuite.support.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
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
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * Server-sent events to the browsers that have a page open: each subscriber has a queue of its own
 * ({@code queueCapacity}, the oldest event dropped when full) written by a virtual thread of its
 * own, so a browser that stops reading delays nobody else and never the code that publishes; one
 * whose send hangs longer than {@code sendTimeout} is dropped; at most {@code maxSubscribers} are
 * open at once. A comment line every {@code heartbeat} keeps proxies from closing a quiet stream
 * and finds browsers that left without closing. Subscribers may watch one {@code topic} (events
 * published for another topic skip them) or all ({@code null}).
 * <p>
 * Meters, under {@code metricPrefix}: {@code .subscribers} (open streams), {@code .refused.subscribers},
 * {@code .dropped.subscribers} (send timeout) and {@code .dropped.events} (full queues).
 *
 * @param <T> what a subscriber may narrow its stream to
 */
public final class SseFanOut<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SseFanOut.class);

    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);

    private final String name;

    private final int maxSubscribers;

    private final int queueCapacity;

    private final Duration sendTimeout;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    private final ExecutorService senders;

    private final ScheduledExecutorService timer;

    private final Counter droppedEvents;

    private final Counter droppedSubscribers;

    private final Counter refusedSubscribers;

    /**
     * @param name what the streams carry, in thread names and log lines ({@code inbox-live})
     * @param settings the prefix of the settings that bound it, named in refusals and meter descriptions
     */
    public SseFanOut(String name, String settings, int maxSubscribers, int queueCapacity, Duration sendTimeout, Duration heartbeat,
            MeterRegistry meters, String metricPrefix) {
        if (maxSubscribers < 1 || queueCapacity < 1 || !sendTimeout.isPositive() || !heartbeat.isPositive()) {
            throw new IllegalArgumentException(settings + " needs the most subscribers, the queue capacity and the send timeout above 0, got "
                    + maxSubscribers + ", " + queueCapacity + ", " + sendTimeout);
        }
        this.name = name;
        this.maxSubscribers = maxSubscribers;
        this.queueCapacity = queueCapacity;
        this.sendTimeout = sendTimeout;
        this.senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name + "-timer").daemon().factory());
        this.droppedEvents = Counter.builder(metricPrefix + ".dropped.events")
                .description("Events a slow subscriber lost because its queue was full (" + settings + ")").register(meters);
        this.droppedSubscribers = Counter.builder(metricPrefix + ".dropped.subscribers")
                .description("Subscribers dropped because a send took longer than the send timeout (" + settings + ")").register(meters);
        this.refusedSubscribers = Counter.builder(metricPrefix + ".refused.subscribers")
                .description("Subscriptions refused because the most subscribers were open (" + settings + ")").register(meters);
        Gauge.builder(metricPrefix + ".subscribers", this.subscribers, Set::size).description("Open event streams").register(meters);
        this.timer.scheduleAtFixedRate(() -> publish(null, SseEmitter.event().comment("keep-alive")), heartbeat.toMillis(),
                heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        long check = Math.max(100, sendTimeout.toMillis() / 4);
        this.timer.scheduleAtFixedRate(this::dropStuck, check, check, TimeUnit.MILLISECONDS);
    }

    /** A new stream of the events of {@code topic} ({@code null}: of all), or empty when the most subscribers are open. */
    public synchronized Optional<SseEmitter> subscribe(@Nullable T topic) {
        if (this.subscribers.size() >= this.maxSubscribers) {
            this.refusedSubscribers.increment();
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        Subscriber subscriber = new Subscriber(emitter, topic);
        emitter.onCompletion(() -> this.subscribers.remove(subscriber));
        emitter.onTimeout(() -> this.subscribers.remove(subscriber));
        emitter.onError(ex -> this.subscribers.remove(subscriber));
        this.subscribers.add(subscriber);
        // sent at once so the response (status, headers) reaches the client before the first event
        subscriber.offer(SseEmitter.event().comment("subscribed").build());
        return Optional.of(emitter);
    }

    /** Queues an event for every subscriber of {@code topic} and of all topics ({@code topic} null: for every subscriber). */
    public void publish(@Nullable T topic, SseEventBuilder event) {
        Set<SseEmitter.DataWithMediaType> built = event.build();
        for (Subscriber subscriber : this.subscribers) {
            if (topic == null || subscriber.topic == null || Objects.equals(subscriber.topic, topic)) {
                subscriber.offer(built);
            }
        }
    }

    public int subscribers() {
        return this.subscribers.size();
    }

    /** Ends every stream; a write hung on a reader that went away does not hold this up. */
    @Override
    public void close() {
        this.timer.shutdownNow();
        this.subscribers.forEach(subscriber -> remove(subscriber, null));
        this.senders.shutdown();
    }

    private void dropStuck() {
        long now = System.nanoTime();
        for (Subscriber subscriber : this.subscribers) {
            long since = subscriber.sendingSince;
            if (since != 0 && now - since > this.sendTimeout.toNanos()) {
                this.droppedSubscribers.increment();
                log.info("Dropped a {} subscriber whose send took longer than {}", this.name, this.sendTimeout);
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

    private final class Subscriber {

        private final SseEmitter emitter;

        private final @Nullable T topic;

        private final ArrayDeque<Set<SseEmitter.DataWithMediaType>> queue = new ArrayDeque<>();

        private boolean draining;

        private boolean closed;

        /** When the send under way started ({@link System#nanoTime()}), 0 while none is. */
        private volatile long sendingSince;

        Subscriber(SseEmitter emitter, @Nullable T topic) {
            this.emitter = emitter;
            this.topic = topic;
        }

        void offer(Set<SseEmitter.DataWithMediaType> event) {
            synchronized (this) {
                if (this.closed) {
                    return;
                }
                if (this.queue.size() >= SseFanOut.this.queueCapacity) {
                    this.queue.pollFirst();
                    SseFanOut.this.droppedEvents.increment();
                }
                this.queue.addLast(event);
                if (this.draining) {
                    return;
                }
                this.draining = true;
            }
            try {
                SseFanOut.this.senders.execute(this::drain);
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
                Set<SseEmitter.DataWithMediaType> event;
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
