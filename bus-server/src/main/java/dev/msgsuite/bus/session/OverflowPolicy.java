package dev.msgsuite.bus.session;

import dev.msgsuite.skillbus.protocol.CloseCode;

/** What a full client queue does with one more packet. */
public enum OverflowPolicy {

    /** Drop the oldest queued packets to make room; counted and, in protocol v2, reported to the client. */
    DROP_OLDEST,

    /** Close the connection with {@link CloseCode#QUEUE_OVERFLOW} and discard the session. */
    DISCONNECT
}
