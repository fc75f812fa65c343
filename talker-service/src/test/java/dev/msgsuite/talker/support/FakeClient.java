package dev.msgsuite.talker.support;

import dev.msgsuite.talker.chat.ClientConnection;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A client connection that records what the talker sent it. */
public final class FakeClient implements ClientConnection {

    private final List<String> lines = new ArrayList<>();

    private @Nullable String closedWith;

    @Override
    public void send(String line) {
        this.lines.add(line);
    }

    @Override
    public void close(String reason) {
        this.lines.add(reason);
        this.closedWith = reason;
    }

    @Override
    public String remoteAddress() {
        return "fake";
    }

    public List<String> lines() {
        return this.lines;
    }

    public String last() {
        return this.lines.getLast();
    }

    public void clear() {
        this.lines.clear();
    }

    public @Nullable String closedWith() {
        return this.closedWith;
    }
}
