package dev.msgsuite.bus.cluster;

import java.util.UUID;

/**
 * This instance within the cluster: its id (stamped on the packets it relays, so it can skip
 * them when they come back) and its own queue.
 */
public record ClusterNode(String id) {

    /** Header naming the instance a relayed packet was published on. */
    public static final String ORIGIN_HEADER = "x-skillbus-origin";

    /** Fanout exchange and queue that keep relayed packets no instance could take. */
    public static final String DEAD_LETTERS = "skillbus.packets.dead";

    public static ClusterNode random() {
        return new ClusterNode(UUID.randomUUID().toString().substring(0, 13));
    }

    /** The instance's queue: exclusive and auto-deleted, so it disappears with the instance. */
    public String queueName() {
        return "skillbus.instance." + this.id;
    }
}
