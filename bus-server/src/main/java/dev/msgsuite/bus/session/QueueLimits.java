package dev.msgsuite.bus.session;

/**
 * Bounds of one client's session: its queue of packets not yet sent, the packets sent and
 * awaiting an ack, and the control replies it has not read yet.
 *
 * @param maxPackets packets queued at most
 * @param maxBytes bytes queued at most (sum of packet sizes)
 * @param overflow what happens to a packet that does not fit
 * @param maxInFlight packets sent and awaiting an ack at most, whatever window or pull grants the client asked for
 * @param maxInFlightBytes bytes sent and awaiting an ack at most (one packet may always be in flight)
 * @param maxReplyBytes characters of unread control replies at most; beyond, the connection closes with 4009
 */
public record QueueLimits(int maxPackets, long maxBytes, OverflowPolicy overflow, int maxInFlight, long maxInFlightBytes,
        long maxReplyBytes) {

    /** The defaults of {@code skillbus.queue.max-in-flight-bytes} and {@code skillbus.limits.max-pending-reply-bytes}. */
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 16L * 1024 * 1024;

    public static final long DEFAULT_MAX_REPLY_BYTES = 1024L * 1024;

    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    public QueueLimits {
        if (maxPackets < 1 || maxBytes < 1 || maxInFlight < 1 || maxInFlightBytes < 1 || maxReplyBytes < 1) {
            throw new IllegalArgumentException("queue limits must be positive");
        }
    }

    /** Queue bounds with the default in-flight and reply bounds. */
    public QueueLimits(int maxPackets, long maxBytes, OverflowPolicy overflow) {
        this(maxPackets, maxBytes, overflow, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT_BYTES, DEFAULT_MAX_REPLY_BYTES);
    }
}
