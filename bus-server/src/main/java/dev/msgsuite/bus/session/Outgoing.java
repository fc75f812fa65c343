package dev.msgsuite.bus.session;

import dev.msgsuite.bus.routing.Packet;

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

    /**
     * A data packet; {@code id} is its delivery id (used by protocol v2, ignored by v1).
     * {@code bytes} is the frame's payload: a protocol's header (v2: the delivery id), possibly
     * empty, followed by the packet's bytes, so its last {@code packet.size()} bytes are the packet's.
     */
    record Data(long id, Packet packet, byte[] bytes) implements Outgoing {

        /** The packet alone, without a header. */
        public Data(long id, Packet packet) {
            this(id, packet, packet.bytes());
        }

        /** Bytes in front of the packet's. */
        public int headerBytes() {
            return this.bytes.length - this.packet.size();
        }
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
