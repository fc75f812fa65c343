package dev.msgsuite.bus.protocol;

/** A refused frame: the code goes on the wire (v2) and into the metric, the message says what to fix. */
class ProtocolException extends RuntimeException {

    private final ErrorCode code;

    ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    ErrorCode code() {
        return this.code;
    }
}
