package dev.msgsuite.tuplespace.client;

/** The service refused a request ({@link #code()} as in docs/tuplespace.md, e.g. {@code malformed-tuple}), or the connection failed. */
public class TupleSpaceException extends RuntimeException {

    private final String code;

    public TupleSpaceException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public TupleSpaceException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    public String code() {
        return this.code;
    }
}
