package dev.msgsuite.tuplespace.store;

import dev.msgsuite.tuplespace.tuples.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One write, as every instance hears of it through {@code NOTIFY}: the tuple itself (so readers
 * see it even when a taker got it), and the taker it was handed to, if any. The payload, built by
 * {@link TupleStore}'s insert: {@code {"s": space, "t": id, "f": tuple, "e": expiry ms|null, "w": taker|null, "i": instance|null}}.
 *
 * @param taker the waiting taker the write handed the tuple to
 * @param takerInstance that taker's instance
 */
public record WriteEvent(String space, long tupleId, Tuple tuple, @Nullable Instant expiresAt, @Nullable Long taker,
        @Nullable UUID takerInstance) {

    static WriteEvent fromPayload(JsonMapper json, String payload) {
        JsonNode node = json.readTree(payload);
        List<JsonNode> fields = new ArrayList<>();
        node.get("f").forEach(fields::add);
        return new WriteEvent(node.get("s").asString(), node.get("t").asLong(), new Tuple(fields),
                node.hasNonNull("e") ? Instant.ofEpochMilli(node.get("e").asLong()) : null, node.hasNonNull("w") ? node.get("w").asLong() : null,
                node.hasNonNull("i") ? UUID.fromString(node.get("i").asString()) : null);
    }
}
