package dev.msgsuite.tuplespace;

import dev.msgsuite.tuplespace.access.Grant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The settings of tuple-space-service ({@code tuplespace.*}).
 *
 * @param limits what one client and the whole service may hold
 * @param access which principals may read, write and take in which spaces (empty: every principal, every
 * space, within its role)
 * @param cluster how instances sharing one database see each other
 * @param embedded the PostgreSQL started in-process when {@code spring.datasource.url} is not set
 * @param websocket the websocket endpoint's settings
 * @param journal how the homes write their stored tuples to the database
 */
@ConfigurationProperties("tuplespace")
public record TupleSpaceProperties(@DefaultValue Limits limits, @DefaultValue List<Grant> access, @DefaultValue Cluster cluster,
        @DefaultValue Embedded embedded, @DefaultValue WebSocket websocket, @DefaultValue Journal journal) {

    /**
     * @param maxTupleBytes a tuple's size as compact JSON
     * @param maxFields fields of a tuple or template
     * @param maxSpaces spaces that exist at once (a space exists from its first use)
     * @param maxSpaceNameLength characters of a space name
     * @param maxWaiters blocked reads, takes and notify subscriptions held by one instance
     * @param maxWaitersPerConnection the same for one websocket connection
     * @param maxReadAll tuples one readAll answers at most (the oldest ones)
     * @param maxConnections websocket connections one instance accepts
     * @param maxMessageSize a websocket frame or REST body
     * @param maxLease the longest lease a write may ask (longer ones are cut to it); zero: no bound
     * @param maxStoredBytes stored tuples (as compact JSON) one instance holds in memory for the spaces it is home of
     */
    public record Limits(@DefaultValue("4096") int maxTupleBytes, @DefaultValue("16") int maxFields, @DefaultValue("100") int maxSpaces,
            @DefaultValue("64") int maxSpaceNameLength, @DefaultValue("10000") int maxWaiters,
            @DefaultValue("100") int maxWaitersPerConnection, @DefaultValue("1000") int maxReadAll,
            @DefaultValue("1000") int maxConnections, @DefaultValue("16KB") DataSize maxMessageSize,
            @DefaultValue("0s") Duration maxLease, @DefaultValue("256MB") DataSize maxStoredBytes) {
    }

    /**
     * @param heartbeat how often an instance tells the others it is alive
     * @param instanceLostAfter silence after which an instance counts as lost and the others take its spaces over
     * (it stops serving them after half of this)
     * @param sweepInterval how often expired tuples are deleted and lost instances cleaned up
     * @param spaceGaugeInterval how often the per-space tuple counts of the metrics are refreshed
     * @param advertisedHost the host or IP address other instances reach this one at (empty: this machine's address)
     */
    public record Cluster(@DefaultValue("2s") Duration heartbeat, @DefaultValue("10s") Duration instanceLostAfter,
            @DefaultValue("1s") Duration sweepInterval, @DefaultValue("5s") Duration spaceGaugeInterval,
            @DefaultValue("") String advertisedHost) {
    }

    /**
     * @param dataDirectory where the embedded PostgreSQL keeps its data, so tuples outlive a restart
     * @param port its port; 0 picks a free one
     */
    public record Embedded(@DefaultValue("./data/tuple-space-postgres") Path dataDirectory, @DefaultValue("0") int port) {
    }

    /**
     * @param allowedOrigins pages of these origins may open the websocket (empty: same origin, and clients
     * that send no Origin, as non-browser clients do)
     * @param sendTimeLimit a client that takes longer to accept a frame is disconnected
     * @param sendBufferLimit frames queued for a slow client before it is disconnected
     */
    public record WebSocket(@DefaultValue List<String> allowedOrigins, @DefaultValue("10s") Duration sendTimeLimit,
            @DefaultValue("512KB") DataSize sendBufferLimit) {
    }

    /**
     * @param gatherTime how long a batch holding a new stored tuple waits for more changes before its commit: a take
     * arriving meanwhile cancels the insert, and both answer without a commit
     */
    public record Journal(@DefaultValue("1ms") Duration gatherTime) {
    }
}
