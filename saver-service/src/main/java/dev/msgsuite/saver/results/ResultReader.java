package dev.msgsuite.saver.results;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the bytes of a result message into a well-formed result or the reason it is refused:
 * the size is checked before anything is read, the compact format checks its dimensions before
 * allocating, and JSON is bounded by the mapper's read limits.
 */
final class ResultReader {

    private final JsonMapper json;

    private final long maxBytes;

    ResultReader(JsonMapper json, long maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    /** A result whose {@link ComputeResult#problems()} are empty, or why there is none. */
    Read read(byte[] body, @Nullable String contentType) {
        if (body.length > this.maxBytes) {
            return Read.refused("result of " + body.length + " bytes, at most " + this.maxBytes + " (saver.limits.max-result-message)");
        }
        ComputeResult result;
        try {
            result = ComputeCodec.RESULT_CONTENT_TYPE.equals(contentType) ? ComputeCodec.decodeResult(body)
                    : this.json.readValue(body, ComputeResult.class);
        }
        catch (JacksonException ex) {
            return Read.refused("unparseable result: " + ex.getOriginalMessage());
        }
        catch (ComputeCodec.MalformedMessageException ex) {
            return Read.refused("unparseable result: " + ex.getMessage());
        }
        if (result == null) {
            return Read.refused("unparseable result: null");
        }
        var problems = result.problems();
        return problems.isEmpty() ? new Read(result, null) : Read.refused("invalid result: " + String.join("; ", problems));
    }

    /** Exactly one of the two is set. */
    record Read(@Nullable ComputeResult result, @Nullable String refusal) {

        static Read refused(String reason) {
            return new Read(null, reason);
        }
    }
}
