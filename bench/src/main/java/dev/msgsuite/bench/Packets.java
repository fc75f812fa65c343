package dev.msgsuite.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds benchmark packets ({@code {"skill":"bench","payload":"<19-digit send time>xxx..."}} of an
 * exact size) and reads the send time back from a delivered one without copying it. The filler
 * after the send time is one letter repeated (the best case for compression) or JSON readings
 * escaped into the string, repeating as telemetry does but with varying figures.
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

    /** What fills a packet after its send time. */
    enum Filler {

        /** One letter repeated. */
        LETTERS("one letter repeated"),

        /** Escaped JSON sensor readings with varying figures, such as {@code {\"sensor\":\"kitchen-3\",\"celsius\":21.5,...},}. */
        JSON("escaped JSON readings, repetitive with varying figures");

        private final String description;

        Filler(String description) {
            this.description = description;
        }

        String description() {
            return this.description;
        }

        static Filler of(String name) {
            return switch (name) {
                case "letters" -> LETTERS;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("--payload must be letters or json, not " + name);
            };
        }
    }

    /** A packet of exactly {@code size} bytes carrying {@code sentAt} (non-negative), filled with one letter. */
    static byte[] packet(long sentAt, int size) {
        return packet(sentAt, size, Filler.LETTERS);
    }

    /** A packet of exactly {@code size} bytes carrying {@code sentAt} (non-negative). */
    static byte[] packet(long sentAt, int size, Filler filler) {
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
        int from = PREFIX.length + TIME_DIGITS;
        int to = size - SUFFIX.length;
        if (filler == Filler.LETTERS) {
            Arrays.fill(packet, from, to, (byte) 'x');
        }
        else {
            fillWithReadings(packet, from, to, sentAt);
        }
        System.arraycopy(SUFFIX, 0, packet, size - SUFFIX.length, SUFFIX.length);
        return packet;
    }

    /** Escaped JSON readings; the figures vary with the reading's number and the packet's send time. */
    private static void fillWithReadings(byte[] packet, int from, int to, long seed) {
        int at = from;
        for (int n = 0; at < to; n++) {
            long mix = seed * 31 + n * 0x9E3779B9L;
            String reading = "{\\\"sensor\\\":\\\"kitchen-" + Math.floorMod(mix, 8) + "\\\",\\\"celsius\\\":" + (18 + Math.floorMod(mix >>> 8, 9))
                    + "." + Math.floorMod(mix >>> 16, 10) + ",\\\"time\\\":\\\"2026-11-30T06:" + (10 + Math.floorMod(mix >>> 24, 50)) + ":"
                    + (10 + Math.floorMod(mix >>> 32, 50)) + "Z\\\"},";
            byte[] bytes = reading.getBytes(StandardCharsets.US_ASCII);
            int length = Math.min(bytes.length, to - at);
            System.arraycopy(bytes, 0, packet, at, length);
            at += length;
        }
        // a reading cut off after its backslash would escape the closing quote
        if (packet[to - 1] == '\\') {
            packet[to - 1] = ' ';
        }
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
