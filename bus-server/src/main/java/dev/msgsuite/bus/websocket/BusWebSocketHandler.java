package dev.msgsuite.bus.websocket;

import dev.msgsuite.bus.auth.Grant;
import dev.msgsuite.bus.auth.TokenHandshakeInterceptor;
import dev.msgsuite.bus.protocol.ClientProtocol;
import dev.msgsuite.bus.protocol.ProtocolContext;
import dev.msgsuite.bus.protocol.V1Protocol;
import dev.msgsuite.bus.protocol.V2Protocol;
import dev.msgsuite.skillbus.protocol.Subprotocol;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The websocket edge: picks the protocol from the negotiated subprotocol and hands every frame
 * to it; counts connections against the caps, and pings and closes idle ones ({@link #keepAlive}).
 */
public final class BusWebSocketHandler extends AbstractWebSocketHandler implements SubProtocolCapable {

    /** Close code (standard "try again later") for a connection beyond the connection caps. */
    public static final int TRY_AGAIN_LATER = 1013;

    private static final String ASSEMBLER_ATTRIBUTE = FrameAssembler.class.getName();

    private final ProtocolContext context;

    private final ExecutorService senders;

    private final int maxFrameBytes;

    private final int sendBufferLimit;

    private final Duration sendTimeLimit;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    private final ConnectionLimits limits;

    private final long pingNanos;

    private final long idleNanos;

    private final PacketDeflater deflater;

    /**
     * @param limits connection caps, counted per open websocket
     * @param pingInterval how often each connection is pinged
     * @param idleTimeout how long a connection may send nothing (not even a pong) before it is closed with 1001
     * @param deflater compresses packets for connections that negotiated deflate; null when compression is off
     */
    BusWebSocketHandler(ProtocolContext context, ExecutorService senders, int maxFrameBytes, Duration sendTimeLimit,
            ConnectionLimits limits, Duration pingInterval, Duration idleTimeout, PacketDeflater deflater) {
        this.context = context;
        this.deflater = deflater;
        this.limits = limits;
        this.pingNanos = pingInterval.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        this.senders = senders;
        this.maxFrameBytes = maxFrameBytes;
        // the drain task is the only sender, so the decorator buffers at most a close racing a frame
        this.sendBufferLimit = 2 * maxFrameBytes + 64;
        this.sendTimeLimit = sendTimeLimit;
        context.metrics().gauge("skillbus.connections", "Open websocket connections", this.connections::size);
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(Subprotocol.V2);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        if (!(session.getAttributes().get(TokenHandshakeInterceptor.GRANT_ATTRIBUTE) instanceof Grant grant)) {
            // only a handshake that skipped the token check gets here: refuse rather than grant everything
            session.close(CloseStatus.POLICY_VIOLATION.withReason("no grant"));
            return;
        }
        String address = ConnectionLimits.addressKey(session.getRemoteAddress());
        ConnectionLimits.Refusal refused = this.limits.acquire(address);
        if (refused != null) {
            // handshakes that raced past the check at the handshake
            this.context.metrics().connectionRefused(refused.tag());
            session.close(new CloseStatus(TRY_AGAIN_LATER, "too many connections"));
            return;
        }
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, (int) this.sendTimeLimit.toMillis(),
                this.sendBufferLimit, ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        Connection connection = new Connection(safe, this.senders, address, sharesDeflate(session) ? this.deflater : null);
        ClientProtocol protocol = Subprotocol.V2.equals(session.getAcceptedProtocol())
                ? new V2Protocol(this.context, connection, grant) : new V1Protocol(this.context, connection, grant);
        session.getAttributes().put(ASSEMBLER_ATTRIBUTE, new FrameAssembler(this.maxFrameBytes));
        this.connections.put(session.getId(), connection);
        connection.speak(protocol);
    }

    /** Whether the connection negotiated the deflate whose compressed packets may be shared ({@link SharedDeflate}). */
    private boolean sharesDeflate(WebSocketSession session) {
        return this.deflater != null && session.getExtensions().stream()
                .anyMatch(extension -> SharedDeflate.negotiated(extension.getName(), extension.getParameters()));
    }

    /** Frames arrive in parts of the container's small read buffer; {@link FrameAssembler} joins them. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        Connection connection = this.connections.get(session.getId());
        if (connection != null) {
            connection.heard();
            try {
                String frame = assembler(session).text(message.getPayload(), message.isLast());
                if (frame != null) {
                    connection.protocol().onText(frame);
                }
            }
            catch (FrameAssembler.FrameTooLargeException ex) {
                session.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason(ex.getMessage()));
            }
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
        Connection connection = this.connections.get(session.getId());
        if (connection != null) {
            connection.heard();
            try {
                byte[] frame = assembler(session).binary(message.getPayload(), message.isLast());
                if (frame != null) {
                    connection.protocol().onBinary(frame);
                }
            }
            catch (FrameAssembler.FrameTooLargeException ex) {
                session.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason(ex.getMessage()));
            }
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        Connection connection = this.connections.get(session.getId());
        if (connection != null) {
            connection.heard();
        }
    }

    /** Pings every connection that is due and closes those idle beyond the timeout; called periodically. */
    public void keepAlive() {
        long now = System.nanoTime();
        for (Connection connection : this.connections.values()) {
            if (connection.keepAlive(now, this.pingNanos, this.idleNanos)) {
                this.context.metrics().connectionRefused("idle");
            }
        }
    }

    /** Whether a handshake from this address would be refused by a connection cap now; counted if so. */
    ConnectionLimits.Refusal checkHandshake(String address) {
        ConnectionLimits.Refusal refused = this.limits.check(address);
        if (refused != null) {
            this.context.metrics().connectionRefused(refused.tag());
        }
        return refused;
    }

    private static FrameAssembler assembler(WebSocketSession session) {
        return (FrameAssembler) session.getAttributes().get(ASSEMBLER_ATTRIBUTE);
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        // the container closes the connection; afterConnectionClosed releases or parks the session
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = this.connections.remove(session.getId());
        if (connection != null) {
            this.limits.release(connection.address());
            connection.markClosed();
            connection.protocol().onClosed();
        }
    }

    /** Open connections now. */
    public int connectionCount() {
        return this.connections.size();
    }

    /**
     * Closes the open connections whose token matches {@code whose}, from the server's side, as a
     * restart or a failing proxy would; their named v2 sessions stay resumable for the resume
     * window. Tests use it to cut one client off while the others stay connected.
     */
    void closeConnections(Predicate<Grant> whose, CloseStatus status) {
        for (Connection connection : this.connections.values()) {
            if (connection.socket().getAttributes().get(TokenHandshakeInterceptor.GRANT_ATTRIBUTE) instanceof Grant grant
                    && whose.test(grant)) {
                connection.close(status.getCode(), status.getReason());
            }
        }
    }
}
