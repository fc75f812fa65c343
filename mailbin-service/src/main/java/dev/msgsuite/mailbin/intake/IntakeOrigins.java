package dev.msgsuite.mailbin.intake;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Which web pages may post to {@code /f/**} ({@code mailbin.intake.allowed-origins}): the CORS
 * answers for the intake, and the check of a submission's {@code Origin} (or, without one, its
 * {@code Referer}). A request that names neither is not a browser page and is not checked.
 */
public final class IntakeOrigins implements CorsConfigurationSource {

    private final Set<String> allowed;

    private final CorsConfiguration cors;

    IntakeOrigins(List<URI> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(origin -> {
            String serialized = serialize(origin);
            if (serialized == null) {
                throw new IllegalArgumentException("mailbin.intake.allowed-origins: '" + origin
                        + "' is not an origin like https://example.org");
            }
            return serialized;
        }).collect(Collectors.toUnmodifiableSet());
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(this.allowed.isEmpty() ? List.of(CorsConfiguration.ALL) : List.copyOf(this.allowed));
        cors.setAllowedMethods(List.of("POST"));
        cors.setAllowedHeaders(List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, "Idempotency-Key"));
        cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER));
        // submissions are anonymous: a page never needs to send cookies along
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        this.cors = cors;
    }

    @Override
    public @Nullable CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/f/")) {
            return null;
        }
        // an origin not allowed gets no CORS headers, so its page cannot read the answer, and the
        // intake refuses the submission itself with a problem document (CORS alone would only hide the answer)
        return allows(request) ? this.cors : null;
    }

    /** Whether the page that sent this request, if the browser named one, may post. */
    boolean allows(HttpServletRequest request) {
        if (this.allowed.isEmpty()) {
            return true;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            String referer = request.getHeader(HttpHeaders.REFERER);
            if (referer == null) {
                return true;
            }
            origin = referer;
        }
        String sender = serialize(origin);
        return sender != null && this.allowed.contains(sender);
    }

    /** The origin of a URL as browsers send it ({@code https://host[:port]}, default port left out), or null. */
    static @Nullable String serialize(String url) {
        try {
            return serialize(new URI(url.strip()));
        }
        catch (URISyntaxException ex) {
            return null;
        }
    }

    private static @Nullable String serialize(URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
