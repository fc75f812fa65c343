package dev.msgsuite.saver.nodes;

import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.NodeHeartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The compute nodes this coordinator has heard of, from heartbeats and command replies. Thread-safe. */
public final class NodeRegistry {

    private final Map<String, NodeView> nodes = new ConcurrentHashMap<>();

    private final Clock clock;

    private final Duration lostAfter;

    public NodeRegistry(Clock clock, Duration lostAfter) {
        this.clock = clock;
        this.lostAfter = lostAfter;
    }

    public void heartbeat(NodeHeartbeat beat) {
        this.nodes.put(beat.nodeId(), new NodeView(beat.nodeId(), beat.status(), List.copyOf(beat.elections()),
                this.clock.instant(), beat.jobsDone(), beat.inFlight()));
    }

    public void replied(CommandReply reply) {
        this.nodes.compute(reply.nodeId(), (id, known) -> {
            Instant now = this.clock.instant();
            if (known == null) {
                return new NodeView(id, reply.status().equals("draining") ? "draining" : "idle", List.of(), now, 0, 0);
            }
            String status = reply.status().equals("draining") ? "draining" : known.status();
            return new NodeView(id, status, known.elections(), now, known.jobsDone(), known.inFlight());
        });
    }

    /** Nodes heard from recently that still take commands: the ones a command waits for. */
    public Set<String> liveNodeIds() {
        return list().stream().filter(node -> !node.status().equals("lost") && !node.status().equals("drained"))
                .map(NodeView::id).collect(Collectors.toSet());
    }

    /** Every node ever heard of; those silent longer than the limit show as {@code lost}. */
    public List<NodeView> list() {
        Instant horizon = this.clock.instant().minus(this.lostAfter);
        return this.nodes.values().stream()
                .map(node -> node.lastSeen().isBefore(horizon) ? node.withStatus("lost") : node)
                .sorted(Comparator.comparing(NodeView::id)).toList();
    }

    /**
     * A node as last heard of.
     *
     * @param id node id
     * @param status idle, working, draining, drained or lost
     * @param elections elections it has loaded
     * @param lastSeen when it was last heard of
     * @param jobsDone job batches it completed (as of its last heartbeat)
     * @param inFlight job batches it was computing (as of its last heartbeat)
     */
    public record NodeView(String id, String status, List<String> elections, Instant lastSeen, long jobsDone, int inFlight) {

        NodeView withStatus(String newStatus) {
            return new NodeView(this.id, newStatus, this.elections, this.lastSeen, this.jobsDone, this.inFlight);
        }
    }
}
