package dev.msgsuite.skillbus.client;

/**
 * Receives what the bus sends. Methods run on the client's receive thread, one call at a time
 * and in order; the next frame is read only after a method returns, so a slow listener slows
 * only its own deliveries (the server queues the rest, within its limits).
 */
@FunctionalInterface
public interface SkillBusListener {

    /** A delivery; acknowledge it with {@link SkillBusClient#ack(long)} unless prefetch is 0. */
    void onDelivery(Delivery delivery);

    /** The server dropped packets from this client's full queue: {@code count} since the last notice. */
    default void onDropped(long count, long total) {
    }

    /** Connected (or reconnected); {@code resumed} tells whether the server kept the session. */
    default void onConnected(boolean resumed) {
    }

    /** The connection is gone; the client reconnects unless it was closed. */
    default void onDisconnected(int closeCode, String reason) {
    }
}
