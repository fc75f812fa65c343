package dev.msgsuite.bus.protocol;

import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.Outgoing;

/** One connection's protocol: turns frames from the client into bus actions and session frames into wire frames. */
public interface ClientProtocol {

    /** The session frames are drawn from; may change once (protocol v2 resume). */
    ClientSession session();

    void onText(String text);

    void onBinary(byte[] bytes);

    /** The connection is gone: release or keep the session. */
    void onClosed();

    /** The wire form of a session frame, or null if this protocol does not send it. */
    Outgoing encode(Outgoing frame);
}
