package dev.msgsuite.tuplespace.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One websocket connection to tuple-space-service ({@code ws://host:8086/ws}), authenticated with
 * HTTP Basic or a bearer API token at the handshake. Requests are matched to answers by id, so
 * any number of blocking reads and takes may wait at once on one connection (up to the service's
 * per-connection limit). When the connection ends, every waiting call fails with code {@code closed}.
 */
public final class TupleSpaceClient implements AutoCloseable {

    private final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient http;

    private final WebSocket socket;

    private final AtomicLong ids = new AtomicLong();

    private final Map<String, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    private final Map<String, Consumer<JsonNode>> listeners = new ConcurrentHashMap<>();

    private final Object sending = new Object();

    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private volatile String closedBecause;

    private volatile Consumer<String> onClose = why -> {
    };

    private TupleSpaceClient(HttpClient http, URI uri, String authorization) {
        this.http = http;
        try {
            this.socket = http.newWebSocketBuilder().header("Authorization", authorization).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, new Receiver()).join();
        }
        catch (CompletionException ex) {
            http.close();
            throw new TupleSpaceException("closed", "Could not connect to " + uri + ": " + ex.getCause(), ex.getCause());
        }
    }

    /** Connects with a bearer API token. */
    public static TupleSpaceClient connectWithToken(URI uri, String token) {
        return new TupleSpaceClient(HttpClient.newHttpClient(), uri, "Bearer " + token);
    }

    /** Connects with a user's name and password (HTTP Basic). */
    public static TupleSpaceClient connect(URI uri, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new TupleSpaceClient(HttpClient.newHttpClient(), uri, "Basic " + basic);
    }

    /** Connects with an {@code Authorization} header value as it is. */
    public static TupleSpaceClient connectWithAuthorization(URI uri, String authorization) {
        return new TupleSpaceClient(HttpClient.newHttpClient(), uri, authorization);
    }

    public Space space(String name) {
        return new Space(this, name);
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return this.closedBecause == null;
    }

    /** Called once, with the reason, when the connection ends (closed by either side or failed). */
    public void onClose(Consumer<String> onClose) {
        this.onClose = onClose;
        if (this.closedBecause != null) {
            onClose.accept(this.closedBecause);
        }
    }

    /**
     * A request of the protocol as docs/tuplespace.md spells it, for tools that speak it
     * themselves (the service relays its clients' requests to another instance with it): {@code op}
     * and a fresh {@code id} are set; add the rest, then {@link #call} it.
     */
    public ObjectNode newRequest(String op) {
        ObjectNode request = this.json.createObjectNode();
        request.put("id", Long.toString(this.ids.incrementAndGet()));
        request.put("op", op);
        return request;
    }

    /**
     * Sends a request made with {@link #newRequest}; its answer frame completes the future, an error
     * frame fails it with a {@link TupleSpaceException} carrying the frame's code.
     */
    public CompletableFuture<JsonNode> call(ObjectNode request) {
        return send(request);
    }

    /**
     * The frames that come later for request {@code id} (a notify's {@code "event": "write"}
     * frames, and the error frame that ends it early) go to {@code listener}; when the connection
     * ends, it gets an error frame with code {@code closed}.
     */
    public void listen(String id, Consumer<JsonNode> listener) {
        this.listeners.put(id, listener);
    }

    public void unlisten(String id) {
        this.listeners.remove(id);
    }

    @Override
    public void close() {
        try {
            this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
        }
        catch (Exception ex) {
            this.socket.abort();
        }
        failAll("The connection was closed");
        this.http.close();
    }

    JsonMapper json() {
        return this.json;
    }

    private CompletableFuture<JsonNode> send(ObjectNode request) {
        String id = request.get("id").asString();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        this.calls.put(id, answer);
        if (this.closedBecause != null) {
            // closed before or while this call was registered: it will never be answered
            this.calls.remove(id);
            answer.completeExceptionally(new TupleSpaceException("closed", this.closedBecause));
            return answer;
        }
        String text = request.toString();
        synchronized (this.sending) {
            // the JDK websocket allows one outstanding send: chain them
            this.lastSend = this.lastSend.handle((ignored, error) -> null).thenCompose(ignored -> this.socket.sendText(text, true));
            this.lastSend.whenComplete((sent, error) -> {
                if (error != null && this.calls.remove(id, answer)) {
                    answer.completeExceptionally(new TupleSpaceException("closed", "Could not send: " + error, error));
                }
            });
        }
        return answer;
    }

    List<Object> tuple(JsonNode array) {
        List<Object> fields = new ArrayList<>(array.size());
        array.forEach(field -> fields.add(field.isNull() ? null : this.json.treeToValue(field, Object.class)));
        return fields;
    }

    private void receive(String text) {
        JsonNode frame = this.json.readTree(text);
        JsonNode idNode = frame.get("id");
        String id = idNode == null || idNode.isNull() ? null : idNode.asString();
        if (id != null && (frame.has("event") || frame.has("error") && !this.calls.containsKey(id))) {
            // an event, or the error that ends a subscription after it was answered
            Consumer<JsonNode> listener = frame.has("event") ? this.listeners.get(id) : this.listeners.remove(id);
            if (listener != null) {
                listener.accept(frame);
            }
            return;
        }
        CompletableFuture<JsonNode> answer = id == null ? null : this.calls.remove(id);
        if (answer == null) {
            return;
        }
        if (frame.has("error")) {
            answer.completeExceptionally(new TupleSpaceException(frame.get("error").asString(), frame.path("message").asString("")));
        }
        else {
            answer.complete(frame);
        }
    }

    private void failAll(String why) {
        synchronized (this.calls) {
            if (this.closedBecause != null) {
                return;
            }
            this.closedBecause = why;
        }
        this.calls.forEach((id, answer) -> answer.completeExceptionally(new TupleSpaceException("closed", why)));
        this.calls.clear();
        ObjectNode end = this.json.createObjectNode();
        end.put("error", "closed");
        end.put("message", why);
        this.listeners.values().forEach(listener -> listener.accept(end));
        this.listeners.clear();
        this.onClose.accept(why);
    }

    private final class Receiver implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            this.partial.append(data);
            if (last) {
                String text = this.partial.toString();
                this.partial.setLength(0);
                receive(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll("The service closed the connection: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll("The connection failed: " + error);
        }
    }
}
