package dev.msgsuite.talker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/** Lines go out as UTF-8 with CRLF, for nc and telnet alike. */
public final class LineEncoder {

    private LineEncoder() {
    }

    public static ByteBuf encode(ByteBufAllocator allocator, String line) {
        ByteBuf buffer = allocator.buffer(ByteBufUtil.utf8MaxBytes(line) + 2);
        ByteBufUtil.writeUtf8(buffer, line);
        buffer.writeByte('\r').writeByte('\n');
        return buffer;
    }
}
