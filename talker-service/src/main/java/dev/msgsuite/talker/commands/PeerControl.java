package dev.msgsuite.talker.commands;

import java.util.function.Consumer;

/** Opening and closing peer links, done by the transport; replies arrive on the event loop. */
public interface PeerControl {

    void listen(String host, int port, Consumer<String> reply);

    void connect(String host, int port, Consumer<String> reply);

    /** Closes the links to or from {@code host:port} and stops reconnecting to it; false if none. */
    boolean disconnect(String host, int port);
}
