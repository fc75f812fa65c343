package dev.msgsuite.saver;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the coordinator and store.
 *
 * @param commandTimeout how long {@code POST /api/commands} waits for replies by default
 * @param maxCommandTimeout the longest wait a request may ask for
 * @param nodeLostAfter a node not heard from for this long is lost and not waited for
 * @param jobBatchSize answer sets per job message unless the request says otherwise
 * @param maxAnswerSets the most answer sets one job may have (given or generated)
 * @param resultBatchSize result messages written to the database in one transaction
 * @param resultBatchWait how long to wait to fill a result batch before writing what there is
 * @param progressInterval the least time between two {@code compute.job.progress} events of one job
 * @param maxUnconfirmedJobMessages job messages a submission may have published and not yet had
 * confirmed by the broker: a large job goes out as a steady stream the nodes keep pace with,
 * instead of a burst that holds up their results at the broker
 * @param limits what one client, request or message may cost (docs/compute.md, "Limits")
 */
@ConfigurationProperties("saver")
public record SaverProperties(@DefaultValue("3s") Duration commandTimeout, @DefaultValue("30s") Duration maxCommandTimeout,
        @DefaultValue("10s") Duration nodeLostAfter, @DefaultValue("100") int jobBatchSize,
        @DefaultValue("1000000") int maxAnswerSets, @DefaultValue("50") int resultBatchSize,
        @DefaultValue("100ms") Duration resultBatchWait, @DefaultValue("500ms") Duration progressInterval,
        @DefaultValue("10") int maxUnconfirmedJobMessages, @DefaultValue Limits limits) {

    public SaverProperties {
        if (maxUnconfirmedJobMessages < 1) {
            throw new IllegalArgumentException("saver.max-unconfirmed-job-messages must be at least 1, not " + maxUnconfirmedJobMessages);
        }
        if (resultBatchSize < 1) {
            throw new IllegalArgumentException("saver.result-batch-size must be at least 1, not " + resultBatchSize);
        }
    }

    /**
     * Limits on what clients and messages may make this service hold, checked before anything
     * is allocated for them; every refusal is counted in {@code saver.refusals}.
     *
     * @param maxRequestBody the largest JSON request body, checked on Content-Length and while
     * a chunked body is read (413 beyond); also Jackson's document length limit
     * @param maxJsonString the longest JSON string value, in characters (400 beyond)
     * @param maxJsonDepth the deepest JSON nesting of arrays and objects (400 beyond)
     * @param maxJobAnswers the most answers one job may have, answer sets times statements (one
     * byte each while a job is published; 400 beyond)
     * @param maxResultMessage the largest result message taken from {@code compute.results}
     * (dead-lettered beyond); with the intake budget it sets the prefetch
     * @param resultIntakeBytes result message bytes the intake may hold at once: prefetch is
     * this divided by {@code maxResultMessage}
     * @param resultWriteBytes result message bytes decoded and written in one transaction (a
     * batch is split where it would exceed this; one message always goes)
     * @param resultRetryMaxBackoff the longest pause between two attempts to write results
     * while the database is unreachable
     * @param maxConcurrentCommands command requests waiting for replies at once (503 beyond)
     * @param cachedElections elections kept in memory, least recently used dropped first
     * @param maxNodes nodes remembered; the one silent longest is forgotten first
     * @param forgetNodesAfter a node silent this long is forgotten
     * @param maxReplyMessage the largest command reply or heartbeat read (dead-lettered beyond)
     * @param maxEventSubscribers open {@code GET /api/jobs/events} streams of this instance (503
     * with Retry-After beyond)
     * @param eventQueueCapacity job events waiting for one subscriber; when full its oldest is
     * dropped (counted)
     * @param eventSendTimeout longest time one event may take to reach a subscriber; one stuck
     * longer is dropped
     */
    public record Limits(@DefaultValue("16MB") DataSize maxRequestBody, @DefaultValue("100000") int maxJsonString,
            @DefaultValue("32") int maxJsonDepth, @DefaultValue("64000000") long maxJobAnswers,
            @DefaultValue("1088KB") DataSize maxResultMessage, @DefaultValue("64MB") DataSize resultIntakeBytes,
            @DefaultValue("4MB") DataSize resultWriteBytes, @DefaultValue("30s") Duration resultRetryMaxBackoff,
            @DefaultValue("64") int maxConcurrentCommands, @DefaultValue("1000") int cachedElections,
            @DefaultValue("1000") int maxNodes, @DefaultValue("1h") Duration forgetNodesAfter,
            @DefaultValue("1MB") DataSize maxReplyMessage, @DefaultValue("100") int maxEventSubscribers,
            @DefaultValue("256") int eventQueueCapacity, @DefaultValue("10s") Duration eventSendTimeout) {

        public Limits {
            if (maxConcurrentCommands < 1 || cachedElections < 1 || maxNodes < 1) {
                throw new IllegalArgumentException(
                        "saver.limits.max-concurrent-commands, cached-elections and max-nodes must be at least 1");
            }
            if (maxEventSubscribers < 1 || eventQueueCapacity < 1 || !eventSendTimeout.isPositive()) {
                throw new IllegalArgumentException(
                        "saver.limits.max-event-subscribers, event-queue-capacity and event-send-timeout must be above 0");
            }
            if (resultIntakeBytes.toBytes() < maxResultMessage.toBytes()) {
                throw new IllegalArgumentException("saver.limits.result-intake-bytes (" + resultIntakeBytes
                        + ") must hold at least one saver.limits.max-result-message (" + maxResultMessage + ")");
            }
        }

        /** Result messages the intake may have delivered and unacknowledged at once. */
        public int resultPrefetch() {
            return (int) Math.min(Integer.MAX_VALUE, this.resultIntakeBytes.toBytes() / this.maxResultMessage.toBytes());
        }
    }
}
