package dev.msgsuite.tuplespace.websocket;

import dev.msgsuite.tuplespace.TupleSpaceProperties;
import dev.msgsuite.tuplespace.access.SpaceAccess;
import dev.msgsuite.tuplespace.space.SpaceMetrics;
import dev.msgsuite.tuplespace.space.TupleSpace;
import dev.msgsuite.tuplespace.tuples.TupleFormat;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The websocket endpoint: one {@link Connection} per session, its frames sent through a
 * {@link ConcurrentWebSocketSessionDecorator} (bounded buffer and send time: a client that stops
 * reading is disconnected, never waited for). The handshake was authenticated by the security chain.
 * The same handler, for {@code peers}, serves the requests other instances relay ({@code /cluster/ws}).
 */
final class TupleSpaceWebSocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(TupleSpaceWebSocketHandler.class);

    /** RFC 6455 1013 "try again later": the instance has as many connections as it accepts. */
    static final CloseStatus TOO_MANY_CONNECTIONS = new CloseStatus(1013, "too many connections");

    private final TupleSpace space;

    private final SpaceAccess access;

    private final TupleFormat format;

    private final SpaceMetrics metrics;

    private final JsonMapper json;

    private final TupleSpaceProperties properties;

    private final boolean peers;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    private final AtomicInteger count = new AtomicInteger();

    TupleSpaceWebSocketHandler(TupleSpace space, SpaceAccess access, TupleFormat format, SpaceMetrics metrics, JsonMapper json,
            TupleSpaceProperties properties, boolean peers) {
        this.peers = peers;
        this.space = space;
        this.access = access;
        this.format = format;
        this.metrics = metrics;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        if (this.count.incrementAndGet() > this.properties.limits().maxConnections()) {
            this.count.decrementAndGet();
            this.metrics.refusal(dev.msgsuite.tuplespace.tuples.Refusal.Reason.TOO_MANY_WAITERS);
            session.close(TOO_MANY_CONNECTIONS);
            return;
        }
        WebSocketSession out = new ConcurrentWebSocketSessionDecorator(session, (int) this.properties.websocket().sendTimeLimit().toMillis(),
                (int) this.properties.websocket().sendBufferLimit().toBytes(), ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        Authentication principal = (Authentication) session.getPrincipal();
        this.connections.put(session.getId(), new Connection(principal, this.space, this.access, this.format, this.metrics, this.json,
                frame -> send(out, frame), this.properties.limits().maxWaitersPerConnection(), this.properties.limits().maxReadAll(), this.peers));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = this.connections.get(session.getId());
        if (connection != null) {
            connection.receive(message.getPayload());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = this.connections.remove(session.getId());
        if (connection != null) {
            this.count.decrementAndGet();
            connection.close();
        }
    }

    private static void send(WebSocketSession session, String frame) {
        try {
            session.sendMessage(new TextMessage(frame));
        }
        catch (IOException | RuntimeException ex) {
            log.debug("Could not send to websocket {}: {}", session.getId(), ex.getMessage());
            try {
                session.close(CloseStatus.SESSION_NOT_RELIABLE);
            }
            catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
