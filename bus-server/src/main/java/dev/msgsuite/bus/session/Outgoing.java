package dev.msgsuite.bus.session;

/** A frame a session wants sent to its client, produced one at a time by {@link ClientSession#next}. */
public sealed interface Outgoing {

    /** Close code: the session was resumed by another connection. */
    int TAKEN_OVER = 4001;

    /** Close code: the client's queue overflowed under the disconnect policy. */
    int QUEUE_OVERFLOW = 4008;

    /** Close code: the client did not read its replies and they piled up. */
    int REPLIES_UNREAD = 4009;

    /** Close code (standard "try again later"): the bus's memory budget had no room for a reply to this client. */
    int BUS_FULL = 1013;

    /** A data packet; {@code id} is its delivery id (used by protocol v2, ignored by v1). */
    record Data(long id, byte[] bytes) implements Outgoing {
    }

    /** A control frame (protocol v2 replies and notices), already serialized. */
    record Control(String json) implements Outgoing {
    }

    /** Packets were dropped to bound the queue since the last notice (protocol v2 reports it). */
    record Dropped(long count, long total) implements Outgoing {
    }

    /** Close the connection. */
    record Close(int code, String reason) implements Outgoing {
    }
}
