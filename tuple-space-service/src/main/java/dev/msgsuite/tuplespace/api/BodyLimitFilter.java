package dev.msgsuite.tuplespace.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A POST to the API declares its length, at most {@code tuplespace.limits.max-message-size}, and is
 * refused before a byte of it is read otherwise (411, 413): tuples are small, so no body needs
 * chunked encoding, and no parser ever sees more than the limit.
 */
final class BodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    private final JsonMapper json;

    BodyLimitFilter(long maxBytes, JsonMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared < 0) {
            refuse(request, response, HttpStatus.LENGTH_REQUIRED, "A request body must come with Content-Length");
        }
        else if (declared > this.maxBytes) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE,
                    "The request body exceeds " + this.maxBytes + " bytes (tuplespace.limits.max-message-size)");
        }
        else {
            chain.doFilter(request, response);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        this.json.writeValue(response.getOutputStream(), problem);
    }
}
