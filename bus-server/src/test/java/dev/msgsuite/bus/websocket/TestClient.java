package dev.msgsuite.bus.websocket;

import dev.msgsuite.skillbus.protocol.Subprotocol;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real websocket client on the JDK's java.net.http.WebSocket that records every frame it receives. */
public final class TestClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final List<byte[]> binaries = new CopyOnWriteArrayList<>();

    public final List<String> texts = new CopyOnWriteArrayList<>();

    public volatile Integer closeCode;

    private final StringBuilder text = new StringBuilder();

    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    private WebSocket socket;

    private boolean reads = true;

    public static TestClient connect(URI uri, String subprotocol, String token) {
        return connect(uri, subprotocol, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    /** Connects with these handshake headers (e.g. {@code Origin}, as a browser sends it). */
    public static TestClient connect(URI uri, String subprotocol, Map<String, String> headers) {
        TestClient client = new TestClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    /** The HTTP status with which the server refused the handshake (fails if it was accepted). */
    public static int refusedHandshake(URI uri, String subprotocol, Map<String, String> headers) {
        try {
            connect(uri, subprotocol, headers).close();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw ex;
        }
        throw new AssertionError("handshake to " + uri + " was accepted");
    }

    public static TestClient v1(int port) {
        return connect(URI.create("ws://localhost:" + port + "/"), null, Map.of());
    }

    /** A v2 client that never reads what the server sends (its socket buffers fill up), though it keeps sending. */
    public static TestClient v2NotReading(int port) {
        TestClient client = new TestClient();
        client.reads = false;
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).subprotocols(Subprotocol.V2)
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), client).join();
        return client;
    }

    public static TestClient v2(int port) {
        return connect(URI.create("ws://localhost:" + port + "/ws"), Subprotocol.V2, Map.of());
    }

    public String subprotocol() {
        return this.socket.getSubprotocol();
    }

    public synchronized TestClient text(String frame) {
        this.socket.sendText(frame, true).join();
        return this;
    }

    public synchronized TestClient binary(byte[] frame) {
        this.socket.sendBinary(ByteBuffer.wrap(frame), true).join();
        return this;
    }

    public synchronized TestClient publish(String skill, String payload) {
        return binary(packet(skill, payload));
    }

    public static byte[] packet(String skill, String payload) {
        return JSON.createObjectNode().put("skill", skill).put("payload", payload).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Payloads of the data packets received (protocol v1 frames). */
    public List<String> payloads() {
        return this.binaries.stream().map(bytes -> JSON.readTree(bytes).get("payload").asString()).toList();
    }

    /** Control frames received, parsed. */
    public List<JsonNode> controls() {
        return this.texts.stream().map(JSON::readTree).toList();
    }

    /** Delivery ids and payloads of protocol v2 deliveries. */
    public List<V2Delivery> deliveries() {
        return this.binaries.stream().map(bytes -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long id = buffer.getLong();
            byte[] rest = new byte[buffer.remaining()];
            buffer.get(rest);
            return new V2Delivery(id, JSON.readTree(rest).get("payload").asString());
        }).toList();
    }

    /** A protocol v2 delivery as the client sees it. */
    public record V2Delivery(long id, String payload) {
    }

    public boolean isClosed() {
        return this.closeCode != null;
    }

    /** Drops the TCP connection without a close handshake, as a crashing client would. */
    public void abort() {
        this.socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (this.reads) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this.text) {
            this.text.append(data);
            if (last) {
                this.texts.add(this.text.toString());
                this.text.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        synchronized (this.binary) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            this.binary.writeBytes(chunk);
            if (last) {
                this.binaries.add(this.binary.toByteArray());
                this.binary.reset();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        this.closeCode = statusCode;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (this.closeCode == null) {
            this.closeCode = -1;
        }
    }

    @Override
    public void close() {
        if (!this.socket.isOutputClosed()) {
            this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").completeOnTimeout(null, 2, TimeUnit.SECONDS)
                    .exceptionally(ex -> null).join();
        }
        this.socket.abort();
    }
}
