package dev.msgsuite.bus.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A websocket client on a bare TCP socket that does only what a test tells it: it answers no
 * pings and reads nothing unless asked, like a peer that vanished or stopped reading.
 */
public final class RawWebSocket implements AutoCloseable {

    /** One frame as it arrived: opcode, payload, and whether RSV1 was set (permessage-deflate: the message is compressed). */
    public record Frame(int opcode, byte[] payload, boolean compressed) {

        public String text() {
            return new String(this.payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame. */
        public int closeCode() {
            return ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF);
        }
    }

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private String extensions;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a websocket at {@code path}, offering no extension; fails unless the server answers 101. */
    public static RawWebSocket open(int port, String path, String subprotocol) throws IOException {
        return open(port, path, subprotocol, null);
    }

    /** Opens a websocket at {@code path} with this {@code Sec-WebSocket-Extensions} offer (null: none). */
    public static RawWebSocket open(int port, String path, String subprotocol, String extensions) throws IOException {
        RawWebSocket raw = new RawWebSocket(new Socket("localhost", port));
        raw.out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String headers = raw.readHeaders();
        if (!headers.startsWith("HTTP/1.1 101")) {
            raw.close();
            throw new IOException("handshake refused: " + headers.lines().findFirst().orElse(""));
        }
        raw.extensions = headers.lines().filter(line -> line.regionMatches(true, 0, "Sec-WebSocket-Extensions:", 0, 25))
                .map(line -> line.substring(25).trim()).findFirst().orElse("");
        return raw;
    }

    /** The extensions the server accepted, as its handshake answer lists them ("" for none). */
    public String extensions() {
        return this.extensions;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = this.in.read();
            if (b < 0) {
                break;
            }
            headers.write(b);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Sends a masked text frame, as every client must. */
    public void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * Sends one masked, unfragmented frame; {@code compressed} sets RSV1, which says (with
     * permessage-deflate negotiated) that the payload is a deflated message.
     */
    public void send(int opcode, byte[] payload, boolean compressed) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | (compressed ? 0x40 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        }
        else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        this.out.write(frame.toByteArray());
        this.out.flush();
    }

    /** Reads the next frame the server sent (unmasked, unfragmented, as the bus sends them). */
    public Frame readFrame() throws IOException {
        int first = this.in.readUnsignedByte();
        int second = this.in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = this.in.readUnsignedShort();
        }
        else if (length == 127) {
            length = this.in.readLong();
        }
        byte[] payload = new byte[(int) length];
        this.in.readFully(payload);
        return new Frame(first & 0x0F, payload, (first & 0x40) != 0);
    }

    /** Reads frames until one with this opcode arrives (text 1, close 8). */
    public Frame readUntil(int opcode) throws IOException {
        Frame frame;
        do {
            frame = readFrame();
        }
        while (frame.opcode() != opcode);
        return frame;
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
