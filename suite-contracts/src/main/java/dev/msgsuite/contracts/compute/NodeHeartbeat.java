package dev.msgsuite.contracts.compute;

import java.time.Instant;
import java.util.List;

/**
 * Sent by every node at a fixed interval so the coordinator knows who is alive.
 *
 * @param nodeId the node
 * @param status a {@link NodeStatus#wireName()}: {@code idle}, {@code working}, {@code waiting} (for
 * saver-service, to fetch an election), {@code draining} or {@code drained}; a string, so a coordinator
 * shows a status a newer node reports instead of refusing its heartbeat
 * @param elections ids of the elections the node has loaded
 * @param jobsDone job batches completed since the node started
 * @param inFlight job batches being computed now
 * @param sentAt when the node sent it
 */
public record NodeHeartbeat(String nodeId, String status, List<String> elections, long jobsDone, int inFlight,
        Instant sentAt) {
}
