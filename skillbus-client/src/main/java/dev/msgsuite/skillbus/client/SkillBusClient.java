package dev.msgsuite.skillbus.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection to the skill bus speaking protocol v2 ({@code skillbus.v2}).
 * <p>
 * The client names its session with {@code hello} on every connection; when the connection
 * drops it reconnects with exponential backoff and resumes the session with the resume secret
 * the server gave it, so packets queued for it and deliveries it had not acknowledged arrive
 * after the reconnect (within the server's resume window, 60 s by default). Registrations and
 * the prefetch window are sent again on every reconnect, so they also survive a session the
 * server had to release. The secret lives in this object only: a new client (a restarted
 * process) naming a session that still exists is refused with {@code session-taken} and keeps
 * retrying until the server releases the old session at the end of its window.
 * <p>
 * Thread-safe: every method may be called from any thread; frames leave in call order.
 * Methods return futures that complete with the server's reply and fail with
 * {@link SkillBusException} (its code says why). Deliveries reach the
 * {@link SkillBusListener} on the client's receive thread, one at a time.
 *
 * <pre>{@code
 * SkillBusClient bus = SkillBusClient.builder(URI.create("ws://localhost:8081/ws"))
 *         .session("gateway-1").prefetch(10)
 *         .listener(delivery -> { handle(delivery.payload()); bus.ack(delivery.id()); })
 *         .build();
 * bus.connect().join();
 * bus.register("sensors.*").join();
 * bus.publish("sensors.kitchen", Map.of("celsius", 21.5));
 * }</pre>
 */
public final class SkillBusClient implements AutoCloseable {

    /** The websocket subprotocol of protocol v2. */
    public static final String SUBPROTOCOL = "skillbus.v2";

    private static final Logger log = LoggerFactory.getLogger(SkillBusClient.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI uri;

    private final @Nullable String token;

    private final Backoff backoff;

    private final SkillBusListener listener;

    private final HttpClient http;

    private final ScheduledExecutorService scheduler;

    private final Set<String> patterns = ConcurrentHashMap.newKeySet();

    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private final AtomicLong refs = new AtomicLong();

    private final Object sendLock = new Object();

    private volatile @Nullable String session;

    /** Proves to the server that this client created the session; only ever sent in {@code hello}. */
    private volatile @Nullable String resumeSecret;

    private volatile int prefetch;

    private volatile @Nullable WebSocket socket;

    private volatile boolean ready;

    private volatile boolean closed;

    private volatile CompletableFuture<Void> connected = new CompletableFuture<>();

    private CompletableFuture<Void> sendChain = CompletableFuture.completedFuture(null);

    private int attempts;

    private SkillBusClient(Builder builder) {
        this.uri = builder.uri;
        this.token = builder.token;
        this.session = builder.session;
        this.prefetch = builder.prefetch;
        this.backoff = new Backoff(builder.initialBackoff, builder.maximumBackoff);
        this.listener = builder.listener;
        this.http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("skillbus-client-reconnect").daemon().factory());
    }

    /** Starts building a client for the bus at {@code uri} (e.g. {@code ws://localhost:8081/ws}). */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /**
     * Connects, retrying with backoff until it succeeds or the client is closed. The future
     * completes once the session is established (hello answered, prefetch and registrations sent).
     */
    public CompletableFuture<Void> connect() {
        this.scheduler.execute(this::attempt);
        return this.connected;
    }

    /** Whether a session is established right now. */
    public boolean isConnected() {
        return this.ready;
    }

    /** The session name (chosen by the server unless set on the builder), once connected. */
    public @Nullable String session() {
        return this.session;
    }

    /**
     * Registers a pattern ({@code sensors.*}, {@code sensors.#}); kept across reconnects. While
     * disconnected the request waits for the next connection.
     */
    public CompletableFuture<JsonNode> register(String pattern) {
        this.patterns.add(pattern);
        return whenConnected(() -> request(control("register").put("skill", pattern)));
    }

    /** Removes a registration. */
    public CompletableFuture<JsonNode> deregister(String pattern) {
        this.patterns.remove(pattern);
        return whenConnected(() -> request(control("deregister").put("skill", pattern)));
    }

    /**
     * Sets the prefetch window: up to {@code count} deliveries unacknowledged; {@code 0} streams
     * without acks (at-most-once). Kept across reconnects.
     */
    public CompletableFuture<JsonNode> prefetch(int count) {
        this.prefetch = count;
        return whenConnected(() -> request(control("prefetch").put("count", count)));
    }

    /** Acknowledges one delivery; fails with {@code unknown-delivery} if it was not awaiting an ack. */
    public CompletableFuture<JsonNode> ack(long deliveryId) {
        return ack(deliveryId, false);
    }

    /** Acknowledges a delivery, or with {@code multiple} every delivery up to it. */
    public CompletableFuture<JsonNode> ack(long deliveryId, boolean multiple) {
        ObjectNode frame = control("ack").put("id", deliveryId);
        if (multiple) {
            frame.put("multiple", true);
        }
        return ifConnected(() -> request(frame));
    }

    /**
     * Publishes {@code {"skill": skill, "payload": payload}} ({@code payload} converted to JSON).
     * The future completes when the frame is handed to the network; it fails with
     * {@code disconnected} when there is no connection (nothing is buffered client-side).
     *
     * @throws IllegalArgumentException if {@code skill} breaks the naming rules ({@link SkillNames})
     */
    public CompletableFuture<Void> publish(String skill, @Nullable Object payload) {
        SkillNames.requireSkill(skill);
        ObjectNode packet = JSON.createObjectNode().put("skill", skill);
        packet.set("payload", JSON.valueToTree(payload));
        return publishPacket(JSON.writeValueAsBytes(packet));
    }

    /** Publishes a packet given as its bytes: a UTF-8 JSON object with a string {@code skill}. */
    public CompletableFuture<Void> publishPacket(byte[] packet) {
        byte[] copy = packet.clone();
        return ifConnected(() -> send(socket -> socket.sendBinary(ByteBuffer.wrap(copy), true)));
    }

    /** Closes the connection for good; the session stays resumable on the server for its window. */
    @Override
    public void close() {
        this.closed = true;
        this.ready = false;
        WebSocket current = this.socket;
        if (current != null) {
            send(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed"))
                    .completeOnTimeout(null, 2, TimeUnit.SECONDS).exceptionally(ex -> null).join();
            current.abort();
        }
        this.scheduler.shutdownNow();
        failPending();
        this.connected.completeExceptionally(new SkillBusException(SkillBusException.DISCONNECTED, "client closed"));
    }

    // ---- connection ---------------------------------------------------------------------

    private void attempt() {
        if (this.closed) {
            return;
        }
        WebSocket.Builder builder = this.http.newWebSocketBuilder().subprotocols(SUBPROTOCOL);
        if (this.token != null) {
            builder.header("Authorization", "Bearer " + this.token);
        }
        builder.buildAsync(this.uri, new Receiver()).whenComplete((socket, failure) -> {
            if (failure != null) {
                log.debug("Connecting to {} failed: {}", this.uri, failure.toString());
                retry();
            }
            else {
                this.socket = socket;
                handshake();
            }
        });
    }

    private void retry() {
        if (this.closed) {
            return;
        }
        Duration delay = this.backoff.delay(++this.attempts);
        this.scheduler.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handshake() {
        ObjectNode hello = control("hello");
        String name = this.session;
        if (name != null) {
            hello.put("session", name);
            String secret = this.resumeSecret;
            if (secret != null) {
                hello.put("secret", secret);
            }
        }
        request(hello).thenCompose(reply -> {
            this.session = reply.get("session").asString();
            JsonNode issued = reply.get("resumeSecret");
            if (issued != null && issued.isString()) {
                // a new session (the first, or one the server released meanwhile) comes with a new secret
                this.resumeSecret = issued.asString();
            }
            boolean resumed = reply.get("resumed").asBoolean();
            CompletableFuture<?>[] setup = new CompletableFuture<?>[this.patterns.size() + 1];
            setup[0] = request(control("prefetch").put("count", this.prefetch));
            int i = 1;
            for (String pattern : this.patterns) {
                setup[i++] = request(control("register").put("skill", pattern));
            }
            return CompletableFuture.allOf(setup).thenApply(done -> resumed);
        }).whenComplete((resumed, failure) -> {
            if (failure != null) {
                // e.g. session-taken: the session still exists and this client lacks its secret
                log.warn("Setting up the skill bus session failed, retrying: {}", failure.toString());
                WebSocket socket = this.socket;
                this.socket = null;
                if (socket != null) {
                    socket.abort();   // calls no listener method, so the retry is scheduled here
                }
                failPending();
                retry();
                return;
            }
            this.attempts = 0;
            this.ready = true;
            this.connected.complete(null);
            this.listener.onConnected(resumed);
        });
    }

    private void disconnected(int code, String reason) {
        boolean wasConnected = this.socket != null;
        this.socket = null;
        this.ready = false;
        if (this.connected.isDone()) {
            this.connected = new CompletableFuture<>();
        }
        failPending();
        if (wasConnected) {
            this.listener.onDisconnected(code, reason);
        }
        if (!this.closed) {
            retry();
        }
    }

    private void failPending() {
        this.pending.values().forEach(future -> future.completeExceptionally(
                new SkillBusException(SkillBusException.DISCONNECTED, "connection lost before the reply")));
        this.pending.clear();
    }

    // ---- frames -------------------------------------------------------------------------

    private static ObjectNode control(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    private CompletableFuture<JsonNode> whenConnected(java.util.function.Supplier<CompletableFuture<JsonNode>> action) {
        if (this.closed) {
            return CompletableFuture.failedFuture(new SkillBusException(SkillBusException.DISCONNECTED, "client closed"));
        }
        return this.ready ? action.get() : this.connected.thenCompose(done -> action.get());
    }

    private <T> CompletableFuture<T> ifConnected(java.util.function.Supplier<CompletableFuture<T>> action) {
        return this.ready ? action.get()
                : CompletableFuture.failedFuture(new SkillBusException(SkillBusException.DISCONNECTED, "not connected"));
    }

    private CompletableFuture<JsonNode> request(ObjectNode frame) {
        long ref = this.refs.incrementAndGet();
        frame.put("ref", ref);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        this.pending.put(ref, reply);
        String text = frame.toString();
        send(socket -> socket.sendText(text, true)).whenComplete((sent, failure) -> {
            if (failure != null && this.pending.remove(ref) != null) {
                reply.completeExceptionally(failure instanceof SkillBusException ? failure
                        : new SkillBusException(SkillBusException.DISCONNECTED, failure.toString()));
            }
        });
        return reply;
    }

    /** The JDK websocket allows one outstanding send: chain them. */
    private CompletableFuture<Void> send(Function<WebSocket, CompletableFuture<WebSocket>> operation) {
        synchronized (this.sendLock) {
            WebSocket current = this.socket;
            if (current == null) {
                return CompletableFuture.failedFuture(new SkillBusException(SkillBusException.DISCONNECTED, "not connected"));
            }
            CompletableFuture<Void> next = this.sendChain.exceptionally(ignored -> null)
                    .thenCompose(previous -> operation.apply(current)).thenApply(socket -> null);
            this.sendChain = next;
            return next;
        }
    }

    private void onControl(String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        }
        catch (JacksonException ex) {
            log.warn("Ignoring a reply that is not JSON: {}", ex.getOriginalMessage());
            return;
        }
        String op = frame.path("op").asString("");
        if (op.equals("dropped")) {
            this.listener.onDropped(frame.path("count").asLong(), frame.path("total").asLong());
            return;
        }
        JsonNode ref = frame.get("ref");
        CompletableFuture<JsonNode> reply = ref == null ? null : this.pending.remove(ref.asLong());
        if (op.equals("ok") && reply != null) {
            reply.complete(frame);
        }
        else if (op.equals("error")) {
            SkillBusException error = new SkillBusException(frame.path("code").asString("error"), frame.path("message").asString(""));
            if (reply != null) {
                reply.completeExceptionally(error);
            }
            else {
                log.warn("The bus refused a frame: {}", error.getMessage());
            }
        }
    }

    private void onDelivery(byte[] frame) {
        if (frame.length < Long.BYTES) {
            log.warn("Ignoring a delivery of {} bytes", frame.length);
            return;
        }
        long id = ByteBuffer.wrap(frame).getLong();
        byte[] bytes = Arrays.copyOfRange(frame, Long.BYTES, frame.length);
        JsonNode packet = JSON.readTree(bytes);
        try {
            this.listener.onDelivery(new Delivery(id, packet.path("skill").asString(""), packet, bytes));
        }
        catch (RuntimeException ex) {
            log.warn("Listener failed on delivery {} (not acknowledged): {}", id, ex.toString());
        }
    }

    private final class Receiver implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            this.text.append(data);
            if (last) {
                String frame = this.text.toString();
                this.text.setLength(0);
                onControl(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            this.binary.writeBytes(chunk);
            if (last) {
                byte[] frame = this.binary.toByteArray();
                this.binary.reset();
                try {
                    onDelivery(frame);
                }
                catch (JacksonException ex) {
                    log.warn("Ignoring a delivery that is not JSON: {}", ex.getOriginalMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (webSocket == SkillBusClient.this.socket) {
                disconnected(statusCode, reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (webSocket == SkillBusClient.this.socket) {
                disconnected(-1, error.toString());
            }
        }
    }

    /** Settings of a {@link SkillBusClient}; only the listener is required besides the URI. */
    public static final class Builder {

        private final URI uri;

        private @Nullable String token;

        private @Nullable String session;

        private int prefetch = 1;

        private Duration initialBackoff = Duration.ofMillis(100);

        private Duration maximumBackoff = Duration.ofSeconds(10);

        private Duration connectTimeout = Duration.ofSeconds(5);

        private SkillBusListener listener = delivery -> {
        };

        private Builder(URI uri) {
            this.uri = uri;
        }

        /** Bearer token sent at the handshake, when the bus requires one. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Session name (1-128 of {@code A-Z a-z 0-9 . _ : -}); unique per logical client. Default: chosen by the server. */
        public Builder session(String session) {
            this.session = session;
            return this;
        }

        /** Initial prefetch window (default 1; 0 streams without acks). */
        public Builder prefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** Reconnect delays: from {@code initial} (default 100 ms), doubling, up to {@code maximum} (default 10 s), jittered. */
        public Builder backoff(Duration initial, Duration maximum) {
            this.initialBackoff = initial;
            this.maximumBackoff = maximum;
            return this;
        }

        /** TCP connect timeout (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Receives deliveries and connection events. */
        public Builder listener(SkillBusListener listener) {
            this.listener = listener;
            return this;
        }

        public SkillBusClient build() {
            return new SkillBusClient(this);
        }
    }
}
