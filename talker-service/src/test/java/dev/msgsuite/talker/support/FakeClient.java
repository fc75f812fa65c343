package dev.msgsuite.talker.support;

import dev.msgsuite.talker.chat.ClientConnection;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A client connection that records what the talker sent it. */
public final class FakeClient implements ClientConnection {

    private final List<String> lines = new ArrayList<>();

    private final String host;

    private @Nullable String closedWith;

    public FakeClient() {
        this("192.0.2.1");
    }

    /** A client connecting from {@code host} (an IP address, as the transport reports it). */
    public FakeClient(String host) {
        this.host = host;
    }

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
        return this.host + ":40000";
    }

    @Override
    public String remoteHost() {
        return this.host;
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
