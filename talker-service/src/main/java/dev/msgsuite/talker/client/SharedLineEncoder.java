package dev.msgsuite.talker.client;

import dev.msgsuite.talker.wire.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;

/**
 * Encodes a line fanned out to many clients once: the chat hands the same {@code String} instance
 * to every client, so consecutive requests for it share one buffer. Confined to the server's
 * event loop, like every client connection.
 */
final class SharedLineEncoder {

    private @Nullable String line;

    private @Nullable ByteBuf encoded;

    ByteBuf encode(ByteBufAllocator allocator, String text) {
        if (text != this.line || this.encoded == null) {
            if (this.encoded != null) {
                this.encoded.release();
            }
            this.encoded = LineEncoder.encode(allocator, text);
            this.line = text;
        }
        return this.encoded.retainedDuplicate();
    }
}
