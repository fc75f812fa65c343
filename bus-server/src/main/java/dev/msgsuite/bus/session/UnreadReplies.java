package dev.msgsuite.bus.session;

import java.util.ArrayDeque;

/**
 * Control frames waiting for the client to read them, bounded by count and characters so a
 * client that never reads cannot pile them up. Not thread-safe: its {@link ClientSession} calls
 * it under the session's lock.
 */
final class UnreadReplies {

    /** Control frames a client may leave unread before the session closes its connection. */
    static final int MAX = 1_000;

    private final ArrayDeque<String> replies = new ArrayDeque<>();

    private final long maxChars;

    private long chars;

    UnreadReplies(long maxChars) {
        this.maxChars = maxChars;
    }

    boolean hasRoomFor(String json) {
        return this.replies.size() < MAX && this.chars + json.length() <= this.maxChars;
    }

    void add(String json) {
        this.replies.add(json);
        this.chars += json.length();
    }

    boolean isEmpty() {
        return this.replies.isEmpty();
    }

    /** The oldest reply, or null; the caller returns its characters to the budget. */
    String poll() {
        String reply = this.replies.pollFirst();
        if (reply != null) {
            this.chars -= reply.length();
        }
        return reply;
    }

    /** Forgets every reply; returns their characters, for the caller to return to the budget. */
    long clear() {
        long freed = this.chars;
        this.replies.clear();
        this.chars = 0;
        return freed;
    }
}
