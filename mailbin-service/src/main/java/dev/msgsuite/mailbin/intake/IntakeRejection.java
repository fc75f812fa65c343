package dev.msgsuite.mailbin.intake;

import org.springframework.http.HttpStatus;

/** A submission refused before anything was sent to Kafka; the message tells the sender why. */
class IntakeRejection extends RuntimeException {

    private final HttpStatus status;

    IntakeRejection(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return this.status;
    }
}
