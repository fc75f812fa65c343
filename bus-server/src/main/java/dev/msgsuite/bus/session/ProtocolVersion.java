package dev.msgsuite.bus.session;

/** The wire protocol a client speaks. */
public enum ProtocolVersion {

    /** Compatible with the original clients: silent, data packets only. */
    V1("v1"),

    /** Negotiated with the subprotocol {@code skillbus.v2}: replies, delivery ids, credit, resume. */
    V2("v2");

    private final String label;

    ProtocolVersion(String label) {
        this.label = label;
    }

    public String label() {
        return this.label;
    }
}
