package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.tuples.Refusal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * This instance's connection to another one's {@code /cluster/ws}, over which it relays the
 * requests of its clients for the spaces that instance is home of: the same protocol clients
 * speak, authenticated with the cluster's credential. When it closes, every relayed request
 * fails with {@code unavailable} and every relayed notify ends.
 */
final class PeerLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

    final UUID instance;

    private final JsonMapper json;

    private final HttpClient http;

    private final WebSocket socket;

    private final AtomicLong ids = new AtomicLong();

    private final Map<String, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    private final Map<String, Consumer<JsonNode>> listeners = new ConcurrentHashMap<>();

    private final Object sending = new Object();

    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private final Consumer<PeerLink> onClose;

    private volatile @Nullable String closedBecause;

    PeerLink(UUID instance, URI address, String token, JsonMapper json, Consumer<PeerLink> onClose) {
        this.instance = instance;
        this.json = json;
        this.onClose = onClose;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            this.socket = this.http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(3))
                    .buildAsync(address, new Receiver()).join();
        }
        catch (CompletionException ex) {
            this.http.close();
            throw new Refusal(Refusal.Reason.UNAVAILABLE, "The instance serving this space (" + address + ") cannot be reached; retry");
        }
        log.info("Relaying to tuple space instance {} at {}", instance, address);
    }

    boolean open() {
        return this.closedBecause == null;
    }

    ObjectNode request(String op, String space) {
        ObjectNode request = this.json.createObjectNode();
        request.put("id", Long.toString(this.ids.incrementAndGet()));
        request.put("op", op);
        request.put("space", space);
        return request;
    }

    /** Sends a request; its answer completes the future, an error frame fails it with the {@link Refusal} it names. */
    CompletableFuture<JsonNode> call(ObjectNode request) {
        String id = request.get("id").asString();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        this.calls.put(id, answer);
        if (this.closedBecause != null) {
            this.calls.remove(id);
            answer.completeExceptionally(unavailable());
            return answer;
        }
        send(request.toString(), error -> {
            if (this.calls.remove(id, answer)) {
                answer.completeExceptionally(unavailable());
            }
        });
        return answer;
    }

    /** Cancels a relayed read, take or notify by the id of its request. */
    void cancel(String target) {
        this.listeners.remove(target);
        ObjectNode cancel = this.json.createObjectNode();
        cancel.put("id", Long.toString(this.ids.incrementAndGet()));
        cancel.put("op", "cancel");
        cancel.put("target", target);
        call(cancel);
    }

    /** Events ({@code "event": "write"}) and the end of a relayed notify go to {@code listener}. */
    void listen(String id, Consumer<JsonNode> listener) {
        this.listeners.put(id, listener);
    }

    private void send(String text, Consumer<Throwable> failed) {
        synchronized (this.sending) {
            // the JDK websocket allows one outstanding send: chain them
            this.lastSend = this.lastSend.handle((ignored, error) -> null).thenCompose(ignored -> this.socket.sendText(text, true));
            this.lastSend.whenComplete((sent, error) -> {
                if (error != null) {
                    failed.accept(error);
                }
            });
        }
    }

    @Override
    public void close() {
        this.socket.abort();
        closed("closed by this instance");
    }

    private Refusal unavailable() {
        return new Refusal(Refusal.Reason.UNAVAILABLE, "The connection to the instance serving this space ended (" + this.closedBecause + "); retry");
    }

    private void receive(String text) {
        JsonNode frame = this.json.readTree(text);
        JsonNode idNode = frame.get("id");
        String id = idNode == null || idNode.isNull() ? null : idNode.asString();
        if (id == null) {
            log.warn("Instance {} refused a relayed frame: {}", this.instance, text);
            return;
        }
        Consumer<JsonNode> listener = this.listeners.get(id);
        if (listener != null && (frame.has("event") || !this.calls.containsKey(id))) {
            if (frame.has("error")) {
                this.listeners.remove(id);
            }
            listener.accept(frame);
            return;
        }
        CompletableFuture<JsonNode> answer = this.calls.remove(id);
        if (answer == null) {
            return;
        }
        if (frame.has("error")) {
            answer.completeExceptionally(new Refusal(Refusal.Reason.ofCode(frame.get("error").asString()), frame.path("message").asString("")));
        }
        else {
            answer.complete(frame);
        }
    }

    private void closed(String why) {
        if (this.closedBecause != null) {
            return;
        }
        this.closedBecause = why;
        this.http.close();
        Refusal ended = unavailable();
        this.calls.values().forEach(answer -> answer.completeExceptionally(ended));
        this.calls.clear();
        ObjectNode end = this.json.createObjectNode();
        end.put("error", Refusal.Reason.UNAVAILABLE.code());
        end.put("message", ended.getMessage());
        this.listeners.values().forEach(listener -> listener.accept(end));
        this.listeners.clear();
        this.onClose.accept(this);
    }

    private final class Receiver implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            this.partial.append(data);
            if (last) {
                String text = this.partial.toString();
                this.partial.setLength(0);
                try {
                    receive(text);
                }
                catch (RuntimeException ex) {
                    log.warn("Could not handle a frame from instance {}: {}", PeerLink.this.instance, ex.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed("closed by the other instance: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed("failed: " + error);
        }
    }
}
