package dev.msgsuite.bus.websocket;

import dev.msgsuite.bus.protocol.ClientProtocol;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.Outgoing;
import dev.msgsuite.bus.session.SessionTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One websocket connection: the only writer of its socket. A wake-up schedules one drain task
 * that sends frames while the session hands them out; at most one such task runs at a time,
 * so frames go out in order and a blocked socket blocks only this connection.
 */
final class Connection implements SessionTransport {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final WebSocketSession socket;

    private final Executor senders;

    private final AtomicBoolean draining = new AtomicBoolean();

    private volatile ClientProtocol protocol;

    private volatile boolean closed;

    private final String address;

    private volatile long lastHeardNanos = System.nanoTime();

    private volatile long lastPingNanos = System.nanoTime();

    private final PacketDeflater deflater;

    /** @param deflater compresses data frames, for a connection that negotiated {@link SharedDeflate}; else null */
    Connection(WebSocketSession socket, Executor senders, String address, PacketDeflater deflater) {
        this.socket = socket;
        this.senders = senders;
        this.address = address;
        this.deflater = deflater;
    }

    /** The key this connection is counted under by the connection caps. */
    String address() {
        return this.address;
    }

    /** Something (a frame, a part of one, a pong) arrived from the client. */
    void heard() {
        this.lastHeardNanos = System.nanoTime();
    }

    /**
     * Pings the client if {@code pingNanos} passed since the last ping, and closes the
     * connection with 1001 if nothing arrived for {@code idleNanos}; true if it closed it.
     * Sends off the caller's thread: a client that stopped reading may block a write.
     */
    boolean keepAlive(long now, long pingNanos, long idleNanos) {
        if (this.closed) {
            return false;
        }
        if (now - this.lastHeardNanos > idleNanos) {
            close(CloseStatus.GOING_AWAY.getCode(), "idle timeout");
            return true;
        }
        if (now - this.lastPingNanos >= pingNanos) {
            this.lastPingNanos = now;
            this.senders.execute(() -> {
                try {
                    this.socket.sendMessage(new PingMessage(ByteBuffer.allocate(Long.BYTES).putLong(0, now)));
                }
                catch (IOException | RuntimeException ex) {
                    log.debug("Pinging {} failed: {}", this.socket.getId(), ex.toString());
                }
            });
        }
        return false;
    }

    void speak(ClientProtocol protocol) {
        this.protocol = protocol;
        wake();
    }

    ClientProtocol protocol() {
        return this.protocol;
    }

    WebSocketSession socket() {
        return this.socket;
    }

    @Override
    public void wake() {
        if (this.protocol != null && !this.closed && this.draining.compareAndSet(false, true)) {
            this.senders.execute(this::drain);
        }
    }

    @Override
    public void close(int code, String reason) {
        this.senders.execute(() -> closeNow(new CloseStatus(code, reason)));
    }

    void markClosed() {
        this.closed = true;
    }

    private void drain() {
        try {
            while (true) {
                ClientSession session = this.protocol.session();
                Outgoing frame;
                while (!this.closed && (frame = session.next(this)) != null) {
                    if (!send(this.protocol.encode(frame))) {
                        return;
                    }
                    session = this.protocol.session();
                }
                this.draining.set(false);
                // a wake-up that arrived while we were finishing was absorbed by the flag: look again
                if (this.closed || !this.protocol.session().ready(this) || !this.draining.compareAndSet(false, true)) {
                    return;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            log.debug("Sending to {} failed: {}", this.socket.getId(), ex.toString());
            this.draining.set(false);
            closeNow(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    /** Sends one wire frame; false once the connection is being closed. */
    private boolean send(Outgoing frame) throws IOException {
        switch (frame) {
            case null -> {
            }
            case Outgoing.Data data -> {
                BinaryMessage message = new BinaryMessage(data.bytes());
                if (this.deflater == null) {
                    this.socket.sendMessage(message);
                }
                else {
                    SharedDeflate.send(data.bytes(), this.deflater.frame(data), () -> this.socket.sendMessage(message));
                }
            }
            case Outgoing.Control control -> this.socket.sendMessage(new TextMessage(control.json()));
            case Outgoing.Dropped dropped -> throw new IllegalStateException("notices must be encoded by the protocol");
            case Outgoing.Close close -> {
                closeNow(new CloseStatus(close.code(), close.reason()));
                return false;
            }
        }
        return true;
    }

    private void closeNow(CloseStatus status) {
        this.closed = true;
        try {
            this.socket.close(status);
        }
        catch (IOException ex) {
            log.debug("Closing {} failed: {}", this.socket.getId(), ex.toString());
        }
    }
}
