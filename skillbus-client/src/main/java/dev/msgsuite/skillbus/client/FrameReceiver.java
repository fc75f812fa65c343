package dev.msgsuite.skillbus.client;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The websocket listener of one connection: joins each message's parts and hands whole frames
 * on, reading the next only after the previous was handled.
 */
final class FrameReceiver implements WebSocket.Listener {

    /** The connection ended: closed by the server ({@code code} from its close frame) or failed ({@code -1}). */
    @FunctionalInterface
    interface Ended {

        void ended(WebSocket socket, int code, String reason);
    }

    private final IncomingFrames frames;

    private final Ended ended;

    private final StringBuilder text = new StringBuilder();

    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    FrameReceiver(IncomingFrames frames, Ended ended) {
        this.frames = frames;
        this.ended = ended;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        this.text.append(data);
        if (last) {
            String frame = this.text.toString();
            this.text.setLength(0);
            this.frames.control(frame);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        this.binary.writeBytes(chunk);
        if (last) {
            byte[] frame = this.binary.toByteArray();
            this.binary.reset();
            this.frames.delivery(frame);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        this.ended.ended(webSocket, statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        this.ended.ended(webSocket, -1, error.toString());
    }
}
