package dev.msgsuite.mailbin.web;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatchers;

/**
 * {@code Content-Security-Policy} of every answer: scripts and styles only from files of this
 * site (never inline, so markup in a submission cannot run), no framing by any site, forms
 * only posting here. Swagger UI's own stylesheet draws its icons from {@code data:} images.
 */
final class ContentSecurityPolicy implements HeaderWriter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final String SWAGGER_UI_POLICY = POLICY.replace("img-src 'self'", "img-src 'self' data:");

    private static final RequestMatcher SWAGGER_UI = RequestMatchers.anyOf(pathPattern(HttpMethod.GET, "/swagger-ui.html"),
            pathPattern(HttpMethod.GET, "/swagger-ui/**"));

    private static final String HEADER = "Content-Security-Policy";

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        if (!response.containsHeader(HEADER)) {
            response.setHeader(HEADER, SWAGGER_UI.matches(request) ? SWAGGER_UI_POLICY : POLICY);
        }
    }
}
