package dev.msgsuite.compute;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 * @param fetchAttempts tries to fetch an unknown election before the job is dead-lettered
 * @param exitAfterDrain whether {@code shutdown-drain} stops the application once drained
 */
@ConfigurationProperties("compute.node")
public record NodeProperties(@DefaultValue("") String id, @DefaultValue("http://localhost:8084") URI saverUrl,
        @Nullable String saverToken,
        @DefaultValue("4") int prefetch, @DefaultValue("0") int concurrency,
        @DefaultValue("2s") Duration heartbeatInterval, @DefaultValue("10s") Duration confirmTimeout,
        @DefaultValue("3") int fetchAttempts, @DefaultValue("true") boolean exitAfterDrain) {

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
}
