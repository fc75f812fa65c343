package dev.msgsuite.skillbus.client;

import dev.msgsuite.skillbus.protocol.ControlOp;
import dev.msgsuite.skillbus.protocol.SkillNames;
import dev.msgsuite.skillbus.protocol.Subprotocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
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

    private static final Logger log = LoggerFactory.getLogger(SkillBusClient.class);

    private final URI uri;

    private final @Nullable String token;

    private final SkillBusListener listener;

    private final HttpClient http;

    private final Reconnects reconnects;

    private final SessionState state;

    private final PendingReplies pending = new PendingReplies();

    private final SendChain sends = new SendChain();

    private final IncomingFrames incoming;

    private volatile @Nullable WebSocket socket;

    private volatile boolean ready;

    private volatile boolean closed;

    private volatile CompletableFuture<Void> connected = new CompletableFuture<>();

    private SkillBusClient(Builder builder) {
        this.uri = builder.uri;
        this.token = builder.token;
        this.state = new SessionState(builder.session, builder.prefetch);
        this.reconnects = new Reconnects(new Backoff(builder.initialBackoff, builder.maximumBackoff));
        this.listener = builder.listener;
        this.incoming = new IncomingFrames(builder.listener, this.pending);
        this.http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
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
        this.reconnects.now(this::attempt);
        return this.connected;
    }

    /** Whether a session is established right now. */
    public boolean isConnected() {
        return this.ready;
    }

    /** The session name (chosen by the server unless set on the builder), once connected. */
    public @Nullable String session() {
        return this.state.session();
    }

    /**
     * Registers a pattern ({@code sensors.*}, {@code sensors.#}); kept across reconnects. While
     * disconnected the request waits for the next connection.
     */
    public CompletableFuture<JsonNode> register(String pattern) {
        this.state.register(pattern);
        return whenConnected(() -> request(ControlFrames.control(ControlOp.REGISTER).put("skill", pattern)));
    }

    /** Removes a registration. */
    public CompletableFuture<JsonNode> deregister(String pattern) {
        this.state.deregister(pattern);
        return whenConnected(() -> request(ControlFrames.control(ControlOp.DEREGISTER).put("skill", pattern)));
    }

    /**
     * Sets the prefetch window: up to {@code count} deliveries unacknowledged; {@code 0} streams
     * without acks (at-most-once). Kept across reconnects.
     */
    public CompletableFuture<JsonNode> prefetch(int count) {
        this.state.prefetch(count);
        return whenConnected(() -> request(ControlFrames.control(ControlOp.PREFETCH).put("count", count)));
    }

    /** Acknowledges one delivery; fails with {@code unknown-delivery} if it was not awaiting an ack. */
    public CompletableFuture<JsonNode> ack(long deliveryId) {
        return ack(deliveryId, false);
    }

    /** Acknowledges a delivery, or with {@code multiple} every delivery up to it. */
    public CompletableFuture<JsonNode> ack(long deliveryId, boolean multiple) {
        ObjectNode frame = ControlFrames.control(ControlOp.ACK).put("id", deliveryId);
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
        ObjectNode packet = ControlFrames.JSON.createObjectNode().put("skill", skill);
        packet.set("payload", ControlFrames.JSON.valueToTree(payload));
        return publishPacket(ControlFrames.JSON.writeValueAsBytes(packet));
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
        this.reconnects.stop();
        this.pending.failAll();
        this.connected.completeExceptionally(new SkillBusException(SkillBusException.DISCONNECTED, "client closed"));
    }

    // ---- connection ---------------------------------------------------------------------

    private void attempt() {
        if (this.closed) {
            return;
        }
        WebSocket.Builder builder = this.http.newWebSocketBuilder().subprotocols(Subprotocol.V2);
        if (this.token != null) {
            builder.header("Authorization", "Bearer " + this.token);
        }
        builder.buildAsync(this.uri, new FrameReceiver(this.incoming, this::ended)).whenComplete((socket, failure) -> {
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
        if (!this.closed) {
            this.reconnects.later(this::attempt);
        }
    }

    private void handshake() {
        request(this.state.hello()).thenCompose(reply -> {
            boolean resumed = this.state.established(reply);
            List<CompletableFuture<JsonNode>> setup = this.state.setup().stream().map(this::request).toList();
            return CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).thenApply(done -> resumed);
        }).whenComplete((resumed, failure) -> {
            if (failure != null) {
                // e.g. session-taken: the session still exists and this client lacks its secret
                log.warn("Setting up the skill bus session failed, retrying: {}", failure.toString());
                WebSocket socket = this.socket;
                this.socket = null;
                if (socket != null) {
                    socket.abort();   // calls no listener method, so the retry is scheduled here
                }
                this.pending.failAll();
                retry();
                return;
            }
            this.reconnects.succeeded();
            this.ready = true;
            this.connected.complete(null);
            this.listener.onConnected(resumed);
        });
    }

    private void ended(WebSocket socket, int code, String reason) {
        if (socket == this.socket) {
            disconnected(code, reason);
        }
    }

    private void disconnected(int code, String reason) {
        boolean wasConnected = this.socket != null;
        this.socket = null;
        this.ready = false;
        if (this.connected.isDone()) {
            this.connected = new CompletableFuture<>();
        }
        this.pending.failAll();
        if (wasConnected) {
            this.listener.onDisconnected(code, reason);
        }
        retry();
    }

    // ---- requests -----------------------------------------------------------------------

    private CompletableFuture<JsonNode> whenConnected(Supplier<CompletableFuture<JsonNode>> action) {
        if (this.closed) {
            return CompletableFuture.failedFuture(new SkillBusException(SkillBusException.DISCONNECTED, "client closed"));
        }
        return this.ready ? action.get() : this.connected.thenCompose(done -> action.get());
    }

    private <T> CompletableFuture<T> ifConnected(Supplier<CompletableFuture<T>> action) {
        return this.ready ? action.get()
                : CompletableFuture.failedFuture(new SkillBusException(SkillBusException.DISCONNECTED, "not connected"));
    }

    private CompletableFuture<JsonNode> request(ObjectNode frame) {
        PendingReplies.Request request = this.pending.open(frame);
        String text = frame.toString();
        send(socket -> socket.sendText(text, true)).whenComplete((sent, failure) -> {
            if (failure != null && this.pending.take(request.ref()) != null) {
                request.reply().completeExceptionally(failure instanceof SkillBusException ? failure
                        : new SkillBusException(SkillBusException.DISCONNECTED, failure.toString()));
            }
        });
        return request.reply();
    }

    private CompletableFuture<Void> send(Function<WebSocket, CompletableFuture<WebSocket>> operation) {
        return this.sends.send(this.socket, operation);
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
