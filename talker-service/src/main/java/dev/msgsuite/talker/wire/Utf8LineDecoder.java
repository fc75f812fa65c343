package dev.msgsuite.talker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes one framed line as strict UTF-8 into a {@link String}; a line longer than the limit
 * (its trailing CR aside), not valid UTF-8, or carrying control characters other than tab, becomes
 * a {@link RejectedLine}. A trailing CR (from CRLF framing) is dropped.
 */
public final class Utf8LineDecoder extends MessageToMessageDecoder<ByteBuf> {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);

    private final int maxLineBytes;

    /** Leaves the length to the framing. */
    public Utf8LineDecoder() {
        this(Integer.MAX_VALUE);
    }

    /**
     * @param maxLineBytes longest line without its delimiter; the framing lets one more byte
     *     through for a CR, which a bare LF line must not use for text
     */
    public Utf8LineDecoder(int maxLineBytes) {
        super(ByteBuf.class);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int length = frame.readableBytes();
        if (length > 0 && frame.getByte(frame.writerIndex() - 1) == '\r') {
            length--;
        }
        if (length > this.maxLineBytes) {
            out.add(new RejectedLine("line longer than " + this.maxLineBytes + " bytes"));
            return;
        }
        String line;
        try {
            line = this.decoder.reset().decode(frame.nioBuffer()).toString();
        }
        catch (CharacterCodingException ex) {
            out.add(new RejectedLine("line is not valid UTF-8"));
            return;
        }
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                out.add(new RejectedLine("line contains control characters"));
                return;
            }
        }
        out.add(line);
    }
}
