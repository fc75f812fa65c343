package dev.msgsuite.contracts.compute;

/**
 * A node's answer to a {@link ComputeCommand}.
 *
 * @param commandId the command answered
 * @param nodeId who answers
 * @param status {@link #CONFIGURED}, {@link #PONG}, {@link #DRAINING}, {@link #CANCELLED} or {@link #ERROR}
 * @param detail human-readable detail (the election loaded, statistics, the error)
 */
public record CommandReply(String commandId, String nodeId, String status, String detail) {

    /** To {@link ComputeCommand#CONFIGURE}: the election is loaded. */
    public static final String CONFIGURED = "configured";

    /** To {@link ComputeCommand#PING}. */
    public static final String PONG = "pong";

    /** To {@link ComputeCommand#SHUTDOWN_DRAIN}: the node is {@link NodeStatus#DRAINING} (the same word). */
    public static final String DRAINING = NodeStatus.DRAINING.wireName();

    /** To {@link ComputeCommand#CANCEL}: the job's batches are skipped from now on. */
    public static final String CANCELLED = "cancelled";

    /** The command could not be carried out; the detail says why. */
    public static final String ERROR = "error";
}
