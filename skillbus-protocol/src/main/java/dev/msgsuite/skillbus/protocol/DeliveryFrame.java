package dev.msgsuite.skillbus.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Protocol v2's binary frame: the delivery id as a big-endian 8-byte integer, then the packet's
 * bytes exactly as the publisher sent them.
 */
public final class DeliveryFrame {

    /** Bytes in front of the packet. */
    public static final int HEADER_BYTES = Long.BYTES;

    private DeliveryFrame() {
    }

    /** The frame delivering {@code packet} with delivery id {@code id}. */
    public static byte[] encode(long id, byte[] packet) {
        return ByteBuffer.allocate(HEADER_BYTES + packet.length).putLong(id).put(packet).array();
    }

    /** Whether {@code frame} is long enough to hold a header. */
    public static boolean hasHeader(byte[] frame) {
        return frame.length >= HEADER_BYTES;
    }

    /** The delivery id of a frame that {@linkplain #hasHeader has a header}. */
    public static long id(byte[] frame) {
        return ByteBuffer.wrap(frame).getLong();
    }

    /** The packet's bytes of a frame that {@linkplain #hasHeader has a header}. */
    public static byte[] packet(byte[] frame) {
        return Arrays.copyOfRange(frame, HEADER_BYTES, frame.length);
    }
}
