package dev.msgsuite.skillbus.protocol;

/** Websocket close codes the bus sends when it ends a connection for a reason of its own. */
public final class CloseCode {

    /** The session was resumed by another connection. */
    public static final int TAKEN_OVER = 4001;

    /** The client's queue overflowed under the disconnect policy. */
    public static final int QUEUE_OVERFLOW = 4008;

    /** The client did not read its replies and they piled up. */
    public static final int REPLIES_UNREAD = 4009;

    /** The standard "try again later": the bus's memory budget had no room for a reply to this client. */
    public static final int BUS_FULL = 1013;

    private CloseCode() {
    }
}
