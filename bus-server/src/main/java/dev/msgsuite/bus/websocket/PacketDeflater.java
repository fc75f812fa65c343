package dev.msgsuite.bus.websocket;

import dev.msgsuite.bus.metrics.BusMetrics;
import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.session.Outgoing;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Deflater;

/**
 * Compressed frames for connections that negotiated {@code permessage-deflate}: each packet is
 * deflated once, by the first subscriber's sender, and every subscriber's frame is built from
 * those bytes with a copy at most.
 *
 * <p>A packet is deflated by a reset compressor (no window from earlier data, so nothing in its
 * output refers back before its own start) and ends with a sync flush, which leaves the stream
 * byte-aligned; RFC 7692 has the sender drop the flush's trailing {@code 00 00 ff ff}. That output
 * is a whole message for protocol v1. A v2 frame starts with an 8-byte delivery id that differs
 * per subscriber: it goes in front as a deflate <em>stored</em> block (not final, type 00, its
 * length and the length's complement, the bytes as they are), which also ends byte-aligned, so
 * the shared bytes can follow unchanged.
 */
final class PacketDeflater {

    /** Marks a packet whose deflated form is no smaller than the packet: it travels uncompressed. */
    private static final byte[] NOT_SMALLER = new byte[0];

    /** What a sync flush ends with; RFC 7692 section 7.2.1 removes it and the receiver puts it back. */
    static final byte[] SYNC_FLUSH_TAIL = { 0, 0, (byte) 0xff, (byte) 0xff };

    /** A stored block's header: 3 bits and the padding to the byte boundary, then LEN and NLEN. */
    static final int STORED_BLOCK_HEADER = 5;

    private static final int MAX_STORED_BLOCK = 0xFFFF;

    private final int minBytes;

    private final int level;

    private final BusMetrics metrics;

    /** Compressors between uses: their native state is large, so they are reused, never one per packet. */
    private final BlockingQueue<Deflater> idle = new ArrayBlockingQueue<>(2 * Runtime.getRuntime().availableProcessors());

    /**
     * @param minBytes frames with fewer payload bytes travel uncompressed
     * @param level the deflate level, 1 (fastest) to 9 (smallest)
     */
    PacketDeflater(int minBytes, int level, BusMetrics metrics) {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("deflate level must be 1 to 9, not " + level);
        }
        this.minBytes = minBytes;
        this.level = level;
        this.metrics = metrics;
    }

    /** Frames with fewer payload bytes than this are sent uncompressed. */
    int minBytes() {
        return this.minBytes;
    }

    /**
     * The payload of {@code data}'s frame as a compressed message (to be sent with RSV1 set), or
     * null when it goes uncompressed: below the size threshold, or not made smaller by deflate.
     */
    byte[] frame(Outgoing.Data data) {
        byte[] plain = data.bytes();
        if (plain.length < this.minBytes) {
            return null;
        }
        Packet packet = data.packet();
        byte[] deflated = packet.deflated(this::deflateCounted);
        if (deflated == NOT_SMALLER) {
            return null;
        }
        byte[] frame;
        int header = data.headerBytes();
        if (header == 0) {
            frame = deflated;
        }
        else if (header > MAX_STORED_BLOCK || STORED_BLOCK_HEADER + header + deflated.length >= plain.length) {
            return null;
        }
        else {
            frame = withStoredBlock(plain, header, deflated);
        }
        this.metrics.frameCompressed(plain.length - frame.length);
        return frame;
    }

    /**
     * {@code plain}'s first {@code header} bytes as a stored block, then {@code deflated}: a
     * message that inflates to those bytes followed by what {@code deflated} inflates to.
     */
    static byte[] withStoredBlock(byte[] plain, int header, byte[] deflated) {
        byte[] frame = new byte[STORED_BLOCK_HEADER + header + deflated.length];
        // frame[0] = 0: BFINAL 0, BTYPE 00 (stored), then zero padding to the byte boundary
        frame[1] = (byte) header;
        frame[2] = (byte) (header >>> 8);
        frame[3] = (byte) ~header;
        frame[4] = (byte) (~header >>> 8);
        System.arraycopy(plain, 0, frame, STORED_BLOCK_HEADER, header);
        System.arraycopy(deflated, 0, frame, STORED_BLOCK_HEADER + header, deflated.length);
        return frame;
    }

    private byte[] deflateCounted(byte[] bytes) {
        byte[] deflated = deflate(bytes);
        this.metrics.packetCompressed();
        return deflated.length < bytes.length ? deflated : NOT_SMALLER;
    }

    /** {@code bytes} as raw deflate from a fresh context, sync-flushed, without the flush's trailing four bytes. */
    byte[] deflate(byte[] bytes) {
        Deflater deflater = this.idle.poll();
        if (deflater == null) {
            deflater = new Deflater(this.level, true);
        }
        try {
            deflater.setInput(bytes);
            byte[] out = new byte[bytes.length + bytes.length / 16 + 64];
            int length = 0;
            while (true) {
                length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
                // a sync flush is complete once it leaves room in the output (Deflater#deflate)
                if (length < out.length) {
                    break;
                }
                out = Arrays.copyOf(out, out.length * 2);
            }
            if (length < SYNC_FLUSH_TAIL.length
                    || !Arrays.equals(out, length - SYNC_FLUSH_TAIL.length, length, SYNC_FLUSH_TAIL, 0, SYNC_FLUSH_TAIL.length)) {
                throw new IllegalStateException("a sync flush did not end with 00 00 ff ff");
            }
            return Arrays.copyOf(out, length - SYNC_FLUSH_TAIL.length);
        }
        finally {
            deflater.reset();
            if (!this.idle.offer(deflater)) {
                deflater.end();
            }
        }
    }
}
