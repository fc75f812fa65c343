package dev.msgsuite.tuplespace.tuples;

/**
 * An operation refused with a reason the caller sees: an error frame on the websocket, a
 * problem document on the REST API, and a count in {@code tuplespace.refusals{reason}}.
 */
public class Refusal extends RuntimeException {

    private final Reason reason;

    public Refusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return this.reason;
    }

    /** Why; {@link #code()} is what clients see. */
    public enum Reason {

        MALFORMED_REQUEST("malformed-request", 400),
        MALFORMED_TUPLE("malformed-tuple", 400),
        MALFORMED_TEMPLATE("malformed-template", 400),
        BAD_SPACE_NAME("bad-space-name", 400),
        TUPLE_TOO_LARGE("tuple-too-large", 413),
        TOO_MANY_FIELDS("too-many-fields", 413),
        TOO_MANY_SPACES("too-many-spaces", 429),
        TOO_MANY_WAITERS("too-many-waiters", 429),
        SPACE_FULL("space-full", 507),
        FORBIDDEN("forbidden", 403),
        UNAVAILABLE("unavailable", 503),
        /** Between instances only: the space's home moved; the relaying instance looks it up again. */
        NOT_HOME("not-home", 503);

        private final String code;

        private final int status;

        Reason(String code, int status) {
            this.code = code;
            this.status = status;
        }

        /** The reason with this {@link #code()}, or {@link #UNAVAILABLE} for a code this version does not know. */
        public static Reason ofCode(String code) {
            for (Reason reason : values()) {
                if (reason.code.equals(code)) {
                    return reason;
                }
            }
            return UNAVAILABLE;
        }

        public String code() {
            return this.code;
        }

        /** The HTTP status the REST API answers with. */
        public int status() {
            return this.status;
        }
    }
}
