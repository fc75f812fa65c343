package dev.msgsuite.bus.session;

import java.util.ArrayList;
import java.util.List;

/** A transport that remembers wake-ups and close requests and drains the session on demand. */
public final class RecordingTransport implements SessionTransport {

    public int wakes;

    public final List<String> closes = new ArrayList<>();

    @Override
    public void wake() {
        this.wakes++;
    }

    @Override
    public void close(int code, String reason) {
        this.closes.add(code + " " + reason);
    }

    /** Every frame the session hands this transport now. */
    public List<Outgoing> drain(ClientSession session) {
        List<Outgoing> frames = new ArrayList<>();
        Outgoing frame;
        while ((frame = session.next(this)) != null) {
            frames.add(frame);
            if (frame instanceof Outgoing.Close) {
                break;
            }
        }
        return frames;
    }

    /** The payloads of the data frames the session hands out now, as strings. */
    public List<String> drainPayloads(ClientSession session) {
        return drain(session).stream().filter(Outgoing.Data.class::isInstance)
                .map(frame -> new String(((Outgoing.Data) frame).bytes())).toList();
    }
}
