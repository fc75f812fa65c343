package dev.msgsuite.bus.session;

/**
 * Bounds of one client's queue of packets not yet sent. Packets sent and awaiting an ack are
 * bounded separately, by the client's prefetch window.
 *
 * @param maxPackets packets queued at most
 * @param maxBytes bytes queued at most (sum of packet sizes)
 * @param overflow what happens to a packet that does not fit
 */
public record QueueLimits(int maxPackets, long maxBytes, OverflowPolicy overflow) {

    public QueueLimits {
        if (maxPackets < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue limits must be positive");
        }
    }
}
