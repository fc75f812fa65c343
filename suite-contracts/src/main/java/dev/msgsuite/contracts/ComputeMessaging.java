package dev.msgsuite.contracts;

/**
 * RabbitMQ names of the compute pipeline between saver-service (coordinator) and the
 * compute-node fleet. The message records are in {@code dev.msgsuite.contracts.compute};
 * docs/compute.md describes the flow.
 */
public final class ComputeMessaging {

    /** Fanout exchange: every compute node receives every command. */
    public static final String COMMANDS_EXCHANGE = "compute.commands";

    /** Direct exchange that carries replies to commands back to the coordinator. */
    public static final String REPLIES_EXCHANGE = "compute.replies";

    /** Durable work queue of jobs; each job is taken by exactly one node. */
    public static final String JOBS_QUEUE = "compute.jobs";

    /** Durable queue of computed results, drained by saver-service into its database. */
    public static final String RESULTS_QUEUE = "compute.results";

    /** Dead-letter exchange for messages no consumer could handle. */
    public static final String DEAD_LETTER_EXCHANGE = "compute.dlx";

    /** Where poison jobs and results end up, with the reason in their headers. */
    public static final String DEAD_LETTER_QUEUE = "compute.dead-letters";

    /** Routing key on {@link #REPLIES_EXCHANGE} of the heartbeats every node sends. */
    public static final String HEARTBEAT_ROUTING_KEY = "compute.heartbeat";

    /** Header of a dead letter that says why it was dead-lettered (Spring AMQP's republish convention). */
    public static final String DEAD_LETTER_REASON_HEADER = "x-exception-message";

    /** Header of a dead letter naming the queue it was taken from, where a replay puts it back. */
    public static final String DEAD_LETTER_ORIGINAL_QUEUE_HEADER = "x-original-queue";

    /** Header of a dead letter with the instant (ISO-8601) it was dead-lettered. */
    public static final String DEAD_LETTERED_AT_HEADER = "x-dead-lettered-at";

    /** Header of a dead letter naming the compute node that gave up on it. */
    public static final String DEAD_LETTER_NODE_HEADER = "x-compute-node";

    private ComputeMessaging() {
    }
}
