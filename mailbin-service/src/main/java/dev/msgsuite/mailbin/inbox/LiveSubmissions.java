package dev.msgsuite.mailbin.inbox;

import dev.msgsuite.mailbin.store.SubmissionStored;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of newly stored submissions for open inbox pages. Each subscriber has a
 * queue of its own ({@code mailbin.live.queue-capacity}, the oldest event dropped when full) and
 * is written to by a virtual thread of its own, so a browser that stops reading delays nobody
 * else, and never the Kafka consumer; one whose send hangs longer than
 * {@code mailbin.live.send-timeout} is dropped. Pages can always reload from the API.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
class LiveSubmissions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveSubmissions.class);

    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);

    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final LiveProperties properties;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("inbox-live-", 0).factory());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("inbox-live-timer").daemon().factory());

    private final Counter droppedEvents;

    private final Counter droppedSubscribers;

    private final Counter refusedSubscribers;

    LiveSubmissions(LiveProperties properties, MeterRegistry meters) {
        if (properties.maxSubscribers() < 1 || properties.queueCapacity() < 1 || !properties.sendTimeout().isPositive()) {
            throw new IllegalArgumentException("mailbin.live needs max-subscribers, queue-capacity and send-timeout above 0, got " + properties);
        }
        this.properties = properties;
        this.droppedEvents = Counter.builder("mailbin.live.dropped.events")
                .description("Events a slow live subscriber lost because its queue was full").register(meters);
        this.droppedSubscribers = Counter.builder("mailbin.live.dropped.subscribers")
                .description("Live subscribers dropped because a send took longer than mailbin.live.send-timeout").register(meters);
        this.refusedSubscribers = Counter.builder("mailbin.live.refused.subscribers")
                .description("Live subscriptions refused because mailbin.live.max-subscribers were open").register(meters);
        Gauge.builder("mailbin.live.subscribers", this.subscribers, Set::size).register(meters);
        // a comment line now and then finds browsers that left without closing
        this.timer.scheduleAtFixedRate(() -> toAll(SseEmitter.event().comment("keep-alive").build()),
                HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
        long check = Math.max(100, properties.sendTimeout().toMillis() / 4);
        this.timer.scheduleAtFixedRate(this::dropStuck, check, check, TimeUnit.MILLISECONDS);
    }

    /** A new stream, or empty when {@code mailbin.live.max-subscribers} are open already. */
    synchronized Optional<SseEmitter> subscribe() {
        if (this.subscribers.size() >= this.properties.maxSubscribers()) {
            this.refusedSubscribers.increment();
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        Subscriber subscriber = new Subscriber(emitter);
        emitter.onCompletion(() -> this.subscribers.remove(subscriber));
        emitter.onTimeout(() -> this.subscribers.remove(subscriber));
        emitter.onError(ex -> this.subscribers.remove(subscriber));
        this.subscribers.add(subscriber);
        subscriber.offer(SseEmitter.event().comment("subscribed").build());
        return Optional.of(emitter);
    }

    int subscribers() {
        return this.subscribers.size();
    }

    @EventListener
    void onStored(SubmissionStored event) {
        toAll(SseEmitter.event().name("submission").id(event.submission().id().toString())
                .data(event.submission(), MediaType.APPLICATION_JSON).build());
    }

    private void toAll(Set<DataWithMediaType> event) {
        for (Subscriber subscriber : this.subscribers) {
            subscriber.offer(event);
        }
    }

    private void dropStuck() {
        long now = System.nanoTime();
        for (Subscriber subscriber : this.subscribers) {
            long since = subscriber.sendingSince;
            if (since != 0 && now - since > this.properties.sendTimeout().toNanos()) {
                this.droppedSubscribers.increment();
                log.info("Dropped a live subscriber whose send took longer than {}", this.properties.sendTimeout());
                // completing waits for the hung write (the emitter's lock): on the subscriber's own kind of thread
                remove(subscriber, null);
            }
        }
    }

    private void remove(Subscriber subscriber, @Nullable Exception cause) {
        this.subscribers.remove(subscriber);
        subscriber.close();
        this.senders.execute(() -> {
            if (cause == null) {
                subscriber.emitter.complete();
            }
            else {
                subscriber.emitter.completeWithError(cause);
            }
        });
    }

    @Override
    public void destroy() {
        this.timer.shutdownNow();
        // completed on sender threads: a write hung on a reader that went away must not hold up shutdown
        this.subscribers.forEach(subscriber -> remove(subscriber, null));
        this.senders.shutdown();
    }

    private final class Subscriber {

        private final SseEmitter emitter;

        private final ArrayDeque<Set<DataWithMediaType>> queue = new ArrayDeque<>();

        private boolean draining;

        private boolean closed;

        /** When the send under way started ({@link System#nanoTime()}), 0 while none is. */
        private volatile long sendingSince;

        Subscriber(SseEmitter emitter) {
            this.emitter = emitter;
        }

        void offer(Set<DataWithMediaType> event) {
            synchronized (this) {
                if (this.closed) {
                    return;
                }
                if (this.queue.size() >= LiveSubmissions.this.properties.queueCapacity()) {
                    this.queue.pollFirst();
                    LiveSubmissions.this.droppedEvents.increment();
                }
                this.queue.addLast(event);
                if (this.draining) {
                    return;
                }
                this.draining = true;
            }
            try {
                LiveSubmissions.this.senders.execute(this::drain);
            }
            catch (java.util.concurrent.RejectedExecutionException ex) {
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
