package dev.msgsuite.bus.session;

/** What a full client queue does with one more packet. */
public enum OverflowPolicy {

    /** Drop the oldest queued packets to make room; counted and, in protocol v2, reported to the client. */
    DROP_OLDEST,

    /** Close the connection with {@link Outgoing#QUEUE_OVERFLOW} and discard the session. */
    DISCONNECT
}
