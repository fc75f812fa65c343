package dev.msgsuite.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the configured API tokens for
 * this request only (no session). A wrong token is answered 401 at once; a request without a
 * bearer token passes on to the other mechanisms (session, HTTP Basic). Requests matching
 * {@code foreignBearer} carry bearer tokens of another kind (the skill bus's at its websocket
 * handshake) and are left alone.
 */
public final class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "bearer ";

    private final SuiteCredentials credentials;

    private final AuthenticationEntryPoint entryPoint;

    private final RequestMatcher foreignBearer;

    public ApiTokenAuthenticationFilter(SuiteCredentials credentials, AuthenticationEntryPoint entryPoint) {
        this(credentials, entryPoint, request -> false);
    }

    public ApiTokenAuthenticationFilter(SuiteCredentials credentials, AuthenticationEntryPoint entryPoint,
            RequestMatcher foreignBearer) {
        this.credentials = credentials;
        this.entryPoint = entryPoint;
        this.foreignBearer = foreignBearer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return this.foreignBearer.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Authentication> authentication = this.credentials.authenticateToken(header.substring(BEARER.length()).strip());
        if (authentication.isEmpty()) {
            SecurityContextHolder.clearContext();
            this.entryPoint.commence(request, response, new BadCredentialsException("Unknown API token"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication.get());
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        }
        finally {
            SecurityContextHolder.clearContext();
        }
    }
}
