package dev.msgsuite.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds benchmark packets ({@code {"skill":"bench","payload":"<19-digit send time>xxx..."}} of an
 * exact size) and reads the send time back from a delivered one without copying it.
 */
final class Packets {

    static final byte[] PREFIX = ("{\"skill\":\"" + FanoutProtocol.TOPIC + "\",\"payload\":\"").getBytes(StandardCharsets.UTF_8);

    private static final byte[] SUFFIX = "\"}".getBytes(StandardCharsets.UTF_8);

    static final int TIME_DIGITS = 19;

    private Packets() {
    }

    static int minimumSize() {
        return PREFIX.length + TIME_DIGITS + SUFFIX.length;
    }

    /** A packet of exactly {@code size} bytes carrying {@code sentAt} (non-negative). */
    static byte[] packet(long sentAt, int size) {
        if (size < minimumSize()) {
            throw new IllegalArgumentException("packets need at least " + minimumSize() + " bytes, not " + size);
        }
        byte[] packet = new byte[size];
        System.arraycopy(PREFIX, 0, packet, 0, PREFIX.length);
        long value = sentAt;
        for (int i = PREFIX.length + TIME_DIGITS - 1; i >= PREFIX.length; i--) {
            packet[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        Arrays.fill(packet, PREFIX.length + TIME_DIGITS, size - SUFFIX.length, (byte) 'x');
        System.arraycopy(SUFFIX, 0, packet, size - SUFFIX.length, SUFFIX.length);
        return packet;
    }

    /** The send time a packet carries, or -1 when the buffer is not a benchmark packet. */
    static long sentAt(ByteBuf packet) {
        int start = packet.readerIndex() + PREFIX.length;
        if (packet.readableBytes() < minimumSize() || packet.getByte(packet.readerIndex()) != '{') {
            return -1;
        }
        long value = 0;
        for (int i = start; i < start + TIME_DIGITS; i++) {
            int digit = packet.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
