package dev.msgsuite.bus.session;

/** What a session's queue reports to metrics; called under the session's lock, so it must be quick. */
public interface QueueEvents {

    QueueEvents NONE = new QueueEvents() {
    };

    default void sent(int packets) {
    }

    default void dropped(int packets) {
    }

    /** Packets dropped because the bus's memory budget was full (also counted by {@link #dropped}). */
    default void shed(int packets) {
    }

    /** The session asked for its connection to be closed with this code (a bound was exceeded). */
    default void closing(int code) {
    }
}
