package dev.msgsuite.skillbus.protocol;

/** The websocket subprotocols of the bus; a connection that negotiates none speaks protocol v1. */
public final class Subprotocol {

    /** Protocol v2: replies, delivery ids, credit, resume. */
    public static final String V2 = "skillbus.v2";

    private Subprotocol() {
    }
}
