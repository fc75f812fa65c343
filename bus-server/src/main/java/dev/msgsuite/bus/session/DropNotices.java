package dev.msgsuite.bus.session;

/**
 * Counts a session's dropped packets and, for protocol v2, the ones its client has not yet been
 * told about ({@link Outgoing.Dropped}). Drops that end the connection are counted, not told.
 * Not thread-safe: its {@link ClientSession} calls it under the session's lock.
 */
final class DropNotices {

    private final boolean report;

    private long total;

    private long untold;

    /** @param report whether the client's protocol has drop notices */
    DropNotices(boolean report) {
        this.report = report;
    }

    /** {@code dropped} packets lost, {@code told} of them to be reported to the client. */
    void count(long dropped, long told) {
        this.total += dropped;
        this.untold += told;
    }

    boolean noticeDue() {
        return this.report && this.untold > 0;
    }

    /** The notice of the drops since the last one; call only when {@link #noticeDue()}. */
    Outgoing.Dropped takeNotice() {
        Outgoing.Dropped notice = new Outgoing.Dropped(this.untold, this.total);
        this.untold = 0;
        return notice;
    }

    long total() {
        return this.total;
    }
}
