package dev.msgsuite.saver.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status and every problem found. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    private final List<String> problems;

    private final long retryAfterSeconds;

    public ApiException(HttpStatus status, String message, List<String> problems) {
        this(status, message, problems, 0);
    }

    private ApiException(HttpStatus status, String message, List<String> problems, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String message, List<String> problems) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, problems);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message, List.of());
    }

    /** 503 with a Retry-After: the service is busy, the same request may succeed later. */
    public static ApiException busy(String message, long retryAfterSeconds) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, message, List.of(), Math.max(1, retryAfterSeconds));
    }

    public HttpStatus status() {
        return this.status;
    }

    public List<String> problems() {
        return this.problems;
    }

    /** Seconds for a Retry-After header, 0 for none. */
    public long retryAfterSeconds() {
        return this.retryAfterSeconds;
    }
}
