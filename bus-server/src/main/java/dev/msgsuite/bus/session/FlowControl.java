package dev.msgsuite.bus.session;

/**
 * What a session's client asked for: push (with or without a window) or pull, packets tracked
 * until acknowledged or not, and in pull mode how many more it requested. Not thread-safe: its
 * {@link ClientSession} calls it under the session's lock.
 */
final class FlowControl {

    static final int UNLIMITED = Integer.MAX_VALUE;

    private boolean push;

    private boolean tracked;

    private int window = UNLIMITED;

    private int demand;

    void configure(boolean push, boolean tracked, int window) {
        this.push = push;
        this.tracked = tracked;
        this.window = window;
    }

    /** Exactly one more packet may go out, however often it is asked. */
    void requestNext() {
        this.demand = Math.max(this.demand, 1);
    }

    /** {@code packets} more may go out, outstanding requests adding up to {@code maximum} at most. */
    void grant(int packets, int maximum) {
        this.demand = (int) Math.min(maximum, (long) this.demand + packets);
    }

    /** Requests die with the connection that made them. */
    void forgetRequests() {
        this.demand = 0;
    }

    boolean tracked() {
        return this.tracked;
    }

    /** Whether the next queued packet may go out now. */
    boolean mayTakeNext(Deliveries deliveries, QueueLimits limits) {
        if (!this.push && this.demand <= 0) {
            return false;
        }
        if (!this.tracked) {
            return true;
        }
        return deliveries.mayHoldNext(this.push ? Math.min(this.window, limits.maxInFlight()) : limits.maxInFlight());
    }

    /** A queued packet went out: in pull mode it used up one request. */
    void took() {
        if (!this.push) {
            this.demand--;
        }
    }

    /** The mode as the status page shows it. */
    String describe() {
        return this.push ? (this.tracked ? "push(window=" + (this.window == UNLIMITED ? "unlimited" : this.window) + ")" : "push")
                : (this.tracked ? "pull(held)" : "pull");
    }
}
