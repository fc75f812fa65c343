package dev.msgsuite.bus.session;

import dev.msgsuite.bus.routing.Packet;

/** A frame a session wants sent to its client, produced one at a time by {@link ClientSession#next}. */
public sealed interface Outgoing {

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

    /** Close the connection; {@code code} is one of {@link dev.msgsuite.skillbus.protocol.CloseCode}. */
    record Close(int code, String reason) implements Outgoing {
    }
}
