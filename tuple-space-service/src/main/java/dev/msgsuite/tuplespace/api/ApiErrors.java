package dev.msgsuite.tuplespace.api;

import dev.msgsuite.tuplespace.space.SpaceMetrics;
import dev.msgsuite.tuplespace.tuples.Refusal;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refusals as problem documents, with the refusal's code as the problem type's last segment. */
// before Spring MVC's own problem handler, which would answer unreadable bodies without the refusal code
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice
class ApiErrors {

    private final SpaceMetrics metrics;

    ApiErrors(SpaceMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(Refusal.class)
    ProblemDetail refused(Refusal refusal) {
        this.metrics.refusal(refusal.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(refusal.reason().status()), refusal.getMessage());
        problem.setType(URI.create("urn:msgsuite:tuplespace:" + refusal.reason().code()));
        problem.setProperty("code", refusal.reason().code());
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        return refused(new Refusal(Refusal.Reason.MALFORMED_REQUEST, "The body is not a JSON object"));
    }

    @ExceptionHandler(DataAccessException.class)
    ProblemDetail unavailable(DataAccessException ex) {
        return refused(new Refusal(Refusal.Reason.UNAVAILABLE, "The tuple space's database cannot be reached; retry"));
    }
}
