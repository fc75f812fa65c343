package dev.msgsuite.mailbin.intake;

import dev.msgsuite.support.logging.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Refusals as RFC 9457 problem details with a message meant for the sender, each counted in
 * {@code mailbin.intake.refused} by status. Not limited to the
 * intake controller: an oversized multipart body fails before any controller is chosen.
 */
@RestControllerAdvice
class IntakeErrors {

    private final MeterRegistry meters;

    IntakeErrors(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(IntakeRejection ex) {
        return problem(ex.status(), ex.getMessage(), new HttpHeaders());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(IntakeController.RateLimited ex) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(ex.retryAfterSeconds()));
        return problem(HttpStatus.TOO_MANY_REQUESTS, "Too many submissions from your address: try again in "
                + ex.retryAfterSeconds() + " s", headers);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException ex) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "The submission is larger than the accepted size", new HttpHeaders());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badMultipart(MultipartException ex) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "The multipart body could not be read: "
                + LogSafe.escape(ex.getMostSpecificCause().getMessage()), new HttpHeaders());
    }

    private ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpHeaders headers) {
        this.meters.counter("mailbin.intake.refused", "status", String.valueOf(status.value())).increment();
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
