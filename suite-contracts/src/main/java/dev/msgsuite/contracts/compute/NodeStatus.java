package dev.msgsuite.contracts.compute;

import java.util.Locale;

/**
 * What a compute node is doing. A node reports all but {@link #LOST} in its
 * {@link NodeHeartbeat}; the coordinator marks a node it has not heard from for a while
 * {@link #LOST}. On the wire (heartbeats, saver-service's API) each is its {@link #wireName()}.
 */
public enum NodeStatus {

    /** Nothing in flight. */
    IDLE,

    /** Computing job batches. */
    WORKING,

    /** Holding work back for something outside the node: saver-service cannot send an election. */
    WAITING,

    /** Taking no new jobs, finishing the ones in flight. */
    DRAINING,

    /** Drained: takes no jobs and answers no commands any more. */
    DRAINED,

    /** Silent for longer than the coordinator waits; only the coordinator says so. */
    LOST;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case name heartbeats and the API carry. */
    public String wireName() {
        return this.wireName;
    }

    /** Whether {@code wireName} names this status. */
    public boolean is(String wireName) {
        return this.wireName.equals(wireName);
    }
}
