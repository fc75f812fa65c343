package dev.msgsuite.bus.protocol;

import dev.msgsuite.skillbus.protocol.ErrorCode;

/** A refused frame: the code goes on the wire (v2) and into the metric, the message says what to fix. */
class ProtocolException extends RuntimeException {

    /** Characters of a client-chosen name (op, field) a message repeats. */
    static final int MAX_ECHO = 64;

    /** Characters of a parser's complaint a message repeats. */
    static final int MAX_DETAIL = 200;

    private final ErrorCode code;

    ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    ErrorCode code() {
        return this.code;
    }

    /** The text cut to {@code max} characters, so an error reply never repeats a client's megabyte back to it. */
    static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
