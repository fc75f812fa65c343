package dev.msgsuite.saver.limits;

import java.io.IOException;

/** A request body went past {@code saver.limits.max-request-body}: answered with 413. */
public final class BodyTooLargeException extends IOException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("The request body exceeds " + limit + " bytes (saver.limits.max-request-body)");
        this.limit = limit;
    }

    public long limit() {
        return this.limit;
    }
}
