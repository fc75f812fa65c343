package dev.msgsuite.talker.chat;

import dev.msgsuite.talker.ops.TalkerMetrics;

/** A connected user: its connection, nickname and rights. Confined to the server's event loop. */
public final class ClientSession {

    private final ClientConnection connection;

    private final TalkerMetrics metrics;

    private String name;

    private boolean operator;

    private boolean open = true;

    ClientSession(ClientConnection connection, String name, TalkerMetrics metrics) {
        this.connection = connection;
        this.name = name;
        this.metrics = metrics;
    }

    public String name() {
        return this.name;
    }

    void rename(String newName) {
        this.name = newName;
    }

    public boolean operator() {
        return this.operator;
    }

    public void grantOperator() {
        this.operator = true;
    }

    public boolean open() {
        return this.open;
    }

    public void send(String line) {
        if (this.open) {
            this.metrics.clientLineOut();
            this.connection.send(line);
        }
    }

    /** Sends the reason and disconnects; the departure itself is announced when the transport reports it. */
    public void close(String reason) {
        if (this.open) {
            this.metrics.clientLineOut();
            this.connection.close(reason);
        }
    }

    void closed() {
        this.open = false;
    }

    public String remoteAddress() {
        return this.connection.remoteAddress();
    }

    public String remoteHost() {
        return this.connection.remoteHost();
    }
}
