package dev.msgsuite.skillbus.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Requests sent and not yet answered, by the {@code ref} the bus echoes in its reply. */
final class PendingReplies {

    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private final AtomicLong refs = new AtomicLong();

    /** Numbers {@code frame} with a fresh {@code ref} and returns the future its reply completes. */
    Request open(ObjectNode frame) {
        long ref = this.refs.incrementAndGet();
        frame.put("ref", ref);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        this.pending.put(ref, reply);
        return new Request(ref, reply);
    }

    /** Takes the request a reply answers, if it is still waiting. */
    @Nullable CompletableFuture<JsonNode> take(long ref) {
        return this.pending.remove(ref);
    }

    /** Fails every waiting request: their replies will never come. */
    void failAll() {
        this.pending.values().forEach(future -> future.completeExceptionally(
                new SkillBusException(SkillBusException.DISCONNECTED, "connection lost before the reply")));
        this.pending.clear();
    }

    record Request(long ref, CompletableFuture<JsonNode> reply) {
    }
}
