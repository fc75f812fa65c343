package dev.msgsuite.saver.nodes;

import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.NodeHeartbeat;
import dev.msgsuite.contracts.compute.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The compute nodes this coordinator has heard of, from heartbeats and command replies.
 * Bounded, since anyone who can publish a heartbeat names a node: a node silent for
 * {@code forgetAfter} is forgotten, and beyond {@code maxNodes} the one silent longest goes.
 * Thread-safe.
 */
public final class NodeRegistry {

    /** Elections shown per node; a node reports what it loaded, which a hostile one could inflate. */
    static final int MAX_ELECTIONS_SHOWN = 100;

    private final Map<String, NodeView> nodes = new ConcurrentHashMap<>();

    private final Clock clock;

    private final Duration lostAfter;

    private final Duration forgetAfter;

    private final int maxNodes;

    public NodeRegistry(Clock clock, Duration lostAfter, Duration forgetAfter, int maxNodes) {
        this.clock = clock;
        this.lostAfter = lostAfter;
        this.forgetAfter = forgetAfter;
        this.maxNodes = maxNodes;
    }

    public void heartbeat(NodeHeartbeat beat) {
        List<String> elections = beat.elections().size() <= MAX_ELECTIONS_SHOWN ? List.copyOf(beat.elections())
                : List.copyOf(beat.elections().subList(0, MAX_ELECTIONS_SHOWN));
        makeRoomFor(beat.nodeId());
        this.nodes.put(beat.nodeId(), new NodeView(beat.nodeId(), beat.status(), elections, this.clock.instant(),
                beat.jobsDone(), beat.inFlight()));
    }

    public void replied(CommandReply reply) {
        makeRoomFor(reply.nodeId());
        boolean draining = CommandReply.DRAINING.equals(reply.status());
        this.nodes.compute(reply.nodeId(), (id, known) -> {
            Instant now = this.clock.instant();
            if (known == null) {
                return new NodeView(id, draining ? NodeStatus.DRAINING.wireName() : NodeStatus.IDLE.wireName(), List.of(), now,
                        0, 0);
            }
            String status = draining ? NodeStatus.DRAINING.wireName() : known.status();
            return new NodeView(id, status, known.elections(), now, known.jobsDone(), known.inFlight());
        });
    }

    /** Nodes heard from recently that still take commands: the ones a command waits for. */
    public Set<String> liveNodeIds() {
        return list().stream().filter(node -> !NodeStatus.LOST.is(node.status()) && !NodeStatus.DRAINED.is(node.status()))
                .map(NodeView::id).collect(Collectors.toSet());
    }

    /** Every node heard of and not forgotten; those silent longer than the limit show as {@code lost}. */
    public List<NodeView> list() {
        forgetSilent();
        Instant horizon = this.clock.instant().minus(this.lostAfter);
        return this.nodes.values().stream()
                .map(node -> node.lastSeen().isBefore(horizon) ? node.withStatus(NodeStatus.LOST.wireName()) : node)
                .sorted(Comparator.comparing(NodeView::id)).toList();
    }

    private void makeRoomFor(String nodeId) {
        if (this.nodes.containsKey(nodeId)) {
            return;
        }
        forgetSilent();
        while (this.nodes.size() >= this.maxNodes) {
            this.nodes.values().stream().min(Comparator.comparing(NodeView::lastSeen))
                    .ifPresent(silentLongest -> this.nodes.remove(silentLongest.id(), silentLongest));
        }
    }

    private void forgetSilent() {
        Instant horizon = this.clock.instant().minus(this.forgetAfter);
        this.nodes.values().removeIf(node -> node.lastSeen().isBefore(horizon));
    }

    /**
     * A node as last heard of.
     *
     * @param id node id
     * @param status a {@link NodeStatus#wireName()}: as the node last reported it, or lost
     * @param elections elections it has loaded (the first {@value NodeRegistry#MAX_ELECTIONS_SHOWN})
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
