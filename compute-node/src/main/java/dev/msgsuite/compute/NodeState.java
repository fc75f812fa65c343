package dev.msgsuite.compute;

import dev.msgsuite.contracts.compute.NodeStatus;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** What this node is doing, as reported in heartbeats and command replies. Thread-safe. */
public final class NodeState {

    private final String nodeId;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicLong jobsDone = new AtomicLong();

    private volatile boolean draining;

    private volatile boolean drained;

    private volatile @Nullable Waiting waiting;

    public NodeState(String nodeId) {
        this.nodeId = nodeId;
    }

    public String nodeId() {
        return this.nodeId;
    }

    public void jobStarted() {
        this.inFlight.incrementAndGet();
    }

    public void jobFinished(boolean acknowledged) {
        this.inFlight.decrementAndGet();
        if (acknowledged) {
            this.jobsDone.incrementAndGet();
        }
    }

    public int inFlight() {
        return this.inFlight.get();
    }

    public long jobsDone() {
        return this.jobsDone.get();
    }

    /** Marks the node draining; false if it already was. */
    public synchronized boolean beginDrain() {
        if (this.draining) {
            return false;
        }
        this.draining = true;
        return true;
    }

    public void drained() {
        this.drained = true;
    }

    /**
     * Work is held back for a reason outside the node (saver-service cannot send an election):
     * the status is {@link NodeStatus#WAITING} until {@link #resumed()}.
     */
    public void waiting(String reason) {
        Waiting current = this.waiting;
        this.waiting = new Waiting(reason, current != null ? current.since() : Instant.now());
    }

    /** Nothing holds work back any more; true if something did. */
    public boolean resumed() {
        boolean was = this.waiting != null;
        this.waiting = null;
        return was;
    }

    /** Why work is held back, or null. */
    public @Nullable Waiting waitingFor() {
        return this.waiting;
    }

    /** The {@link NodeStatus#wireName()} heartbeats carry: drained, draining, waiting, working or idle. */
    public String status() {
        return nodeStatus().wireName();
    }

    private NodeStatus nodeStatus() {
        if (this.drained) {
            return NodeStatus.DRAINED;
        }
        if (this.draining) {
            return NodeStatus.DRAINING;
        }
        if (this.waiting != null) {
            return NodeStatus.WAITING;
        }
        return this.inFlight.get() > 0 ? NodeStatus.WORKING : NodeStatus.IDLE;
    }

    /**
     * @param reason what the node waits for, e.g. {@code saver-service unavailable: ...}
     * @param since when it started waiting
     */
    public record Waiting(String reason, Instant since) {
    }
}
