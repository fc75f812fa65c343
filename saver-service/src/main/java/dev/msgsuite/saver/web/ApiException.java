package dev.msgsuite.saver.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status and every problem found. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    private final List<String> problems;

    public ApiException(HttpStatus status, String message, List<String> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public static ApiException badRequest(String message, List<String> problems) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, problems);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message, List.of());
    }

    public HttpStatus status() {
        return this.status;
    }

    public List<String> problems() {
        return this.problems;
    }
}
