package dev.msgsuite.bus.websocket;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/** Refuses a handshake beyond the connection caps: 503 when the bus is full, 429 when the client's address is. */
final class ConnectionCapInterceptor implements HandshakeInterceptor {

    private static final String RETRY_AFTER_SECONDS = "10";

    private final BusWebSocketHandler handler;

    ConnectionCapInterceptor(BusWebSocketHandler handler) {
        this.handler = handler;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Map<String, Object> attributes) {
        ConnectionLimits.Refusal refused = this.handler.checkHandshake(ConnectionLimits.addressKey(request.getRemoteAddress()));
        if (refused == null) {
            return true;
        }
        response.setStatusCode(refused == ConnectionLimits.Refusal.TOTAL ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Exception exception) {
    }
}
