package dev.msgsuite.compute;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What this node is doing, as reported in heartbeats and command replies. Thread-safe. */
public final class NodeState {

    private final String nodeId;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicLong jobsDone = new AtomicLong();

    private volatile boolean draining;

    private volatile boolean drained;

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

    public String status() {
        if (this.drained) {
            return "drained";
        }
        if (this.draining) {
            return "draining";
        }
        return this.inFlight.get() > 0 ? "working" : "idle";
    }
}
