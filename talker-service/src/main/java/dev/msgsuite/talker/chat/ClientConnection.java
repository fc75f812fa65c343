package dev.msgsuite.talker.chat;

/** One connected client, as the chat sees it. Implementations must not block. */
public interface ClientConnection {

    /** Queues one line (without delimiter) to the client. */
    void send(String line);

    /** Sends the reason as a last line, then disconnects. */
    void close(String reason);

    String remoteAddress();

    /** The client's IP address alone (no port): what failed operator logins are counted by. */
    String remoteHost();
}
