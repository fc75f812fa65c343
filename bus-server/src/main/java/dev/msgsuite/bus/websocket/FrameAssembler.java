package dev.msgsuite.bus.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Puts a frame back together from the parts the container hands over. The container reads
 * with small buffers so an idle connection costs kilobytes, not the frame limit; the limit is
 * enforced here, on the bytes actually received. One per connection, called by one thread at a time.
 */
final class FrameAssembler {

    private final int maxFrameBytes;

    private @Nullable ByteArrayOutputStream binary;

    private @Nullable StringBuilder text;

    private long textBytes;

    FrameAssembler(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The whole binary frame once its last part arrived, else {@code null}. */
    byte @Nullable [] binary(ByteBuffer part, boolean last) {
        ByteArrayOutputStream pending = this.binary;
        if (last && pending == null) {
            checkSize(part.remaining());
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            return bytes;
        }
        if (pending == null) {
            pending = new ByteArrayOutputStream(Math.min(this.maxFrameBytes, 2 * part.remaining()));
            this.binary = pending;
        }
        checkSize((long) pending.size() + part.remaining());
        byte[] chunk = new byte[part.remaining()];
        part.get(chunk);
        pending.writeBytes(chunk);
        if (!last) {
            return null;
        }
        this.binary = null;
        return pending.toByteArray();
    }

    /** The whole text frame once its last part arrived, else {@code null}. */
    @Nullable String text(String part, boolean last) {
        StringBuilder pending = this.text;
        long partBytes = utf8Length(part);
        if (last && pending == null) {
            checkSize(partBytes);
            return part;
        }
        if (pending == null) {
            pending = new StringBuilder();
            this.text = pending;
            this.textBytes = 0;
        }
        this.textBytes += partBytes;
        checkSize(this.textBytes);
        pending.append(part);
        if (!last) {
            return null;
        }
        this.text = null;
        return pending.toString();
    }

    private void checkSize(long bytes) {
        if (bytes > this.maxFrameBytes) {
            this.binary = null;
            this.text = null;
            throw new FrameTooLargeException(this.maxFrameBytes);
        }
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            }
            else if (c < 0x800) {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c)) {
                // a surrogate pair is one 4-byte code point; the low half adds nothing more
                bytes += 4;
                i++;
            }
            else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A frame beyond the limit; the connection closes with 1009. */
    static final class FrameTooLargeException extends RuntimeException {

        FrameTooLargeException(int limit) {
            super("frame larger than " + limit + " bytes");
        }
    }
}
