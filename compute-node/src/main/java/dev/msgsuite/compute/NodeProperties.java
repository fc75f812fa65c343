package dev.msgsuite.compute;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of a compute node. None is required: a node needs only the broker address
 * ({@code spring.rabbitmq.*}) and is configured by commands.
 *
 * @param id node id in replies and heartbeats; blank means host name plus a random suffix
 * @param saverUrl where to fetch an election the node was not configured for
 * @param saverToken the API token sent as {@code Authorization: Bearer} when fetching an
 * election; saver-service must know it with the viewer role. Unset: the fetch is sent without
 * credentials and saver-service refuses it, so only elections loaded by {@code configure} work
 * @param prefetch unacknowledged job batches the broker may push to each consumer
 * @param concurrency consumers of the jobs queue (threads computing at once); 0 means one per CPU
 * @param heartbeatInterval how often the node tells the coordinator it is alive
 * @param confirmTimeout how long to wait for the broker to confirm a published result
 * @param fetchBackoff how long a batch whose election saver-service could not send waits before it
 * goes back to the queue
 * @param electionCache how many compiled elections the node keeps
 * @param maxCommandBytes largest command message read, a larger one is dead-lettered unread; keep it
 * at least saver-service's {@code saver.limits.max-request-body}, the largest election a
 * {@code configure} may carry
 * @param exitAfterDrain whether {@code shutdown-drain} stops the application once drained
 */
@ConfigurationProperties("compute.node")
public record NodeProperties(@DefaultValue("") String id, @DefaultValue("http://localhost:8084") URI saverUrl,
        @Nullable String saverToken,
        @DefaultValue("4") int prefetch, @DefaultValue("0") int concurrency,
        @DefaultValue("2s") Duration heartbeatInterval, @DefaultValue("10s") Duration confirmTimeout,
        @DefaultValue FetchBackoff fetchBackoff, @DefaultValue ElectionCache electionCache,
        @DefaultValue("16MB") DataSize maxCommandBytes, @DefaultValue("true") boolean exitAfterDrain) {

    /** The configured id, or one made from the host name. */
    public String resolvedId() {
        if (!this.id.isBlank()) {
            return this.id;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public int resolvedConcurrency() {
        return this.concurrency > 0 ? this.concurrency : Runtime.getRuntime().availableProcessors();
    }

    /**
     * While saver-service cannot send an election (refused connection, timeout, 5xx), each batch
     * that needs it is held this long, then put back in the queue: the first failure waits
     * {@code initial}, each further one in a row twice as long, up to {@code max}.
     *
     * @param initial wait after the first failure
     * @param max longest wait
     */
    public record FetchBackoff(@DefaultValue("500ms") Duration initial, @DefaultValue("15s") Duration max) {
    }

    /**
     * Compiled elections kept, least recently used dropped first (and fetched again when a
     * batch needs them): the ids come from messages, so the cache is bounded both by count
     * and by size (a model of 1,000 statements and 200 parties takes about 0.8 MB).
     *
     * @param maxElections elections kept at most
     * @param maxBytes estimated size of the kept models at most
     */
    public record ElectionCache(@DefaultValue("100") int maxElections, @DefaultValue("32MB") DataSize maxBytes) {
    }
}
