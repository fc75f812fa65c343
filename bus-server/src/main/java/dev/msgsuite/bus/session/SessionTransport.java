package dev.msgsuite.bus.session;

/** The connection a session is attached to, as the session sees it. */
public interface SessionTransport {

    /** Something may be ready in {@link ClientSession#next}; called from any thread, must not block. */
    void wake();

    /** Closes the connection (e.g. when another connection resumed its session); must not block. */
    void close(int code, String reason);
}
