package dev.msgsuite.skillbus.protocol;

/** Why the bus refused a frame; {@link #wire()} is the {@code code} of protocol v2's {@code error} reply and the metric tag. */
public enum ErrorCode {

    BAD_JSON("bad-json"),
    NOT_AN_OBJECT("not-an-object"),
    UNKNOWN_OP("unknown-op"),
    UNKNOWN_FIELD("unknown-field"),
    MISSING_FIELD("missing-field"),
    WRONG_TYPE("wrong-type"),
    INVALID_VALUE("invalid-value"),
    INVALID_SKILL("invalid-skill"),
    TOO_MANY_SKILLS("too-many-skills"),
    NOT_REGISTERED("not-registered"),
    FORBIDDEN("forbidden"),
    SESSION_TAKEN("session-taken"),
    UNKNOWN_DELIVERY("unknown-delivery"),
    NOTHING_HELD("nothing-held"),
    HELLO_TOO_LATE("hello-too-late"),
    BAD_PACKET("bad-packet"),
    TOO_LARGE("too-large");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return this.wire;
    }
}
