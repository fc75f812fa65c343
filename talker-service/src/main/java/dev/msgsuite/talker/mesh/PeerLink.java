package dev.msgsuite.talker.mesh;

/** One direct link to another server, as the mesh sees it. Implementations must not block. */
public interface PeerLink {

    /** Queues one line (without delimiter) to the peer. */
    void send(String line);

    /** Drops the link; the transport reports it back through {@link Mesh#linkDown}. */
    void close(String reason);

    /** {@code host:port} of the other end, as dialled or as accepted. */
    String address();

    /** Whether this server dialled the link. */
    boolean outgoing();
}
