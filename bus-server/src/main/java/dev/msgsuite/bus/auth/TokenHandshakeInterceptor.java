package dev.msgsuite.bus.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Checks the bearer token at the handshake when tokens are configured: {@code Authorization:
 * Bearer <token>}, or {@code ?access_token=<token>} (percent-encoded) for browsers, which cannot
 * set headers on a websocket. No or an unknown token: 401 and no websocket. Without tokens every
 * connection gets {@link Grant#ANONYMOUS}.
 */
public final class TokenHandshakeInterceptor implements HandshakeInterceptor {

    /** Handshake attribute carrying the connection's {@link Grant}. */
    public static final String GRANT_ATTRIBUTE = "skillbus.grant";

    private final List<TokenGrant> tokens;

    public TokenHandshakeInterceptor(List<TokenGrant> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** A configured token and what it grants. */
    public record TokenGrant(String token, Grant grant) {
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (this.tokens.isEmpty()) {
            attributes.put(GRANT_ATTRIBUTE, Grant.ANONYMOUS);
            return true;
        }
        String presented = presentedToken(request);
        for (TokenGrant candidate : this.tokens) {
            if (presented != null && MessageDigest.isEqual(candidate.token().getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8))) {
                attributes.put(GRANT_ATTRIBUTE, candidate.grant());
                return true;
            }
        }
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                presented == null ? "Bearer realm=\"skillbus\"" : "Bearer realm=\"skillbus\", error=\"invalid_token\"");
        return false;
    }

    private static String presentedToken(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        String query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("access_token");
        if (query == null) {
            return null;
        }
        try {
            // percent-decoding only: a '+' a client left unencoded is part of the token, not a space
            return UriUtils.decode(query, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return query;
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }
}
