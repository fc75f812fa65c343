package dev.msgsuite.mailbin.pipeline;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The Kafka side of the store pipeline ({@code mailbin.pipeline.*}).
 *
 * @param partitions partitions of the submissions topic and of its dead-letter topic: the most
 *        consumers (over all instances) that can store in parallel
 * @param replicas replication factor of both topics; with more than one, writes need all but one in sync
 *        ({@code min.insync.replicas}), so an acknowledged submission is on two brokers at least
 * @param concurrency consumers in this instance
 * @param retryInitialInterval first wait before a failed record is tried again
 * @param retryMaxInterval longest wait between tries
 * @param retryMaxAttempts tries of a record that fails for a reason other than the database
 *        being unreachable before it goes to the dead-letter topic
 * @param maxClockSkew how far in the future a record's {@code receivedAt} may lie (producers' clocks
 *        differ); a later one is dead-lettered, since it would stay on top of the inbox
 * @param maxRecordSize largest record the consumer parses; a larger one is dead-lettered unread
 * @param retention how long the submissions topic keeps a record ({@code retention.ms}): the longest
 *        the database may be down before accepted submissions are deleted unstored
 * @param deadLetterRetention how long the dead-letter topic keeps a record, to be looked at and replayed
 */
@ConfigurationProperties("mailbin.pipeline")
public record PipelineProperties(@DefaultValue("6") int partitions, @DefaultValue("1") short replicas,
        @DefaultValue("3") int concurrency, @DefaultValue("500ms") Duration retryInitialInterval,
        @DefaultValue("10s") Duration retryMaxInterval, @DefaultValue("5") int retryMaxAttempts,
        @DefaultValue("5m") Duration maxClockSkew, @DefaultValue("1MB") DataSize maxRecordSize,
        @DefaultValue("30d") Duration retention, @DefaultValue("365d") Duration deadLetterRetention) {

    /** The {@code min.insync.replicas} that makes {@code acks=all} mean two brokers when there are several. */
    int minInSyncReplicas() {
        return Math.max(1, this.replicas - 1);
    }
}
