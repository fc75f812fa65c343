package dev.msgsuite.saver.commands;

import dev.msgsuite.contracts.compute.CommandReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Collects the replies to one command until every expected node answered or time is up.
 * With no node expected (none known yet) it listens for the whole timeout, which is how
 * nodes are discovered. Thread-safe: replies arrive on listener threads. Nobody needs to
 * wait on a thread: {@link #completion()} completes once every expected node replied.
 */
final class ReplyGathering {

    /** Replies from nodes not waited for kept per command: far more nodes than a fleet has. */
    static final int MAX_REPLIES = 1000;

    private final Set<String> expected;

    private final Map<String, CommandReply> replies = new LinkedHashMap<>();

    private final CompletableFuture<Boolean> completion = new CompletableFuture<>();

    ReplyGathering(Set<String> expected) {
        this.expected = Set.copyOf(expected);
    }

    synchronized void add(CommandReply reply) {
        if (!this.expected.contains(reply.nodeId()) && !this.replies.containsKey(reply.nodeId())
                && this.replies.size() >= MAX_REPLIES) {
            // replies from made-up nodes cannot grow a gathering without bound, nor crowd out the expected ones
            return;
        }
        this.replies.putIfAbsent(reply.nodeId(), reply);
        if (isComplete()) {
            notifyAll();
            this.completion.complete(true);
        }
    }

    /** Completes with true once every expected node replied; whoever holds it decides on a timeout. */
    CompletableFuture<Boolean> completion() {
        return this.completion;
    }

    /** Waits until complete or the timeout; returns whether every expected node replied. */
    synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isComplete()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized List<CommandReply> replies() {
        return new ArrayList<>(this.replies.values());
    }

    /** Expected nodes that have not replied, sorted. */
    synchronized List<String> missing() {
        Set<String> missing = new TreeSet<>(this.expected);
        missing.removeAll(this.replies.keySet());
        return List.copyOf(missing);
    }

    private boolean isComplete() {
        return !this.expected.isEmpty() && this.replies.keySet().containsAll(this.expected);
    }
}
