package dev.msgsuite.mailbin.inbox;

import dev.msgsuite.mailbin.store.SubmissionStored;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of newly stored submissions for open inbox pages. Sending happens on a
 * thread of its own with a bounded backlog, so a slow browser never holds up the Kafka consumer;
 * when the backlog is full the oldest event is dropped (pages can always reload from the API).
 */
@Component
class LiveSubmissions implements DisposableBean {

    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);

    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(1000), Thread.ofPlatform().name("inbox-live").daemon().factory(),
            new ThreadPoolExecutor.DiscardOldestPolicy());

    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("inbox-heartbeat").daemon().factory());

    LiveSubmissions() {
        // a comment line now and then finds browsers that left without closing
        this.heartbeat.scheduleAtFixedRate(() -> this.sender.execute(() -> sendToAll(SseEmitter.event().comment("keep-alive"))),
                HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        emitter.onCompletion(() -> this.emitters.remove(emitter));
        emitter.onTimeout(() -> this.emitters.remove(emitter));
        emitter.onError(ex -> this.emitters.remove(emitter));
        this.emitters.add(emitter);
        this.sender.execute(() -> send(emitter, SseEmitter.event().comment("subscribed")));
        return emitter;
    }

    int subscribers() {
        return this.emitters.size();
    }

    @EventListener
    void onStored(SubmissionStored event) {
        this.sender.execute(() -> sendToAll(SseEmitter.event().name("submission").id(event.submission().id().toString())
                .data(event.submission(), MediaType.APPLICATION_JSON)));
    }

    private void sendToAll(SseEmitter.SseEventBuilder event) {
        for (SseEmitter emitter : this.emitters) {
            send(emitter, event);
        }
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        }
        catch (IOException | IllegalStateException ex) {
            this.emitters.remove(emitter);
            emitter.completeWithError(ex);
        }
    }

    @Override
    public void destroy() {
        this.heartbeat.shutdownNow();
        this.sender.shutdownNow();
        this.emitters.forEach(SseEmitter::complete);
    }
}
