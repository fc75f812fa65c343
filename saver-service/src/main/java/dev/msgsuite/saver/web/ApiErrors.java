package dev.msgsuite.saver.web;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refused request gets an RFC 9457 problem document; unreadable bodies (bad JSON,
 * wrong types) are handled by the base class as 400s.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> refused(ApiException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
        if (!ex.problems().isEmpty()) {
            problem.setProperty("problems", ex.problems());
        }
        return ResponseEntity.status(ex.status()).body(problem);
    }
}
