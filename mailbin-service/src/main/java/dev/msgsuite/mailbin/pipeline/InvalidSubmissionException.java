package dev.msgsuite.mailbin.pipeline;

/** A record that parsed but cannot be a submission; retrying cannot help, so it goes to the DLT at once. */
class InvalidSubmissionException extends RuntimeException {

    InvalidSubmissionException(String message) {
        super(message);
    }
}
