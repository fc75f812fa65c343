package dev.msgsuite.saver.web;

import dev.msgsuite.saver.limits.BodyTooLargeException;
import dev.msgsuite.saver.limits.Refusals;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Every refused request gets an RFC 9457 problem document; unreadable bodies (bad JSON,
 * wrong types) are handled by the base class as 400s, bodies past the size limit as 413s.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private final Refusals refusals;

    ApiErrors(Refusals refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> refused(ApiException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
        if (!ex.problems().isEmpty()) {
            problem.setProperty("problems", ex.problems());
        }
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfterSeconds() > 0) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
        }
        return ResponseEntity.status(ex.status()).headers(headers).body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = cause(ex, BodyTooLargeException.class);
        if (tooLarge != null) {
            this.refusals.count(Refusals.REQUEST_BODY);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            problem.setProperty("limit", tooLarge.limit());
            return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        StreamConstraintsException constraint = cause(ex, StreamConstraintsException.class);
        if (constraint != null) {
            this.refusals.count(Refusals.JSON);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The JSON body exceeds a limit");
            problem.setProperty("problems", List.of(String.valueOf(constraint.getOriginalMessage())));
            return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
