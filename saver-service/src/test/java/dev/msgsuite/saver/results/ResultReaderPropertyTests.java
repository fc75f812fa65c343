package dev.msgsuite.saver.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.saver.HostileJson;
import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.saver.limits.JsonLimits;
import dev.msgsuite.testsupport.JsonMutations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever bytes arrive on {@code compute.results}, compact or JSON, the saver reads a
 * well-formed result or a reason to dead-letter the message, never another exception, and
 * allocates a small multiple of the message; a message over the size limit costs nothing.
 */
class ResultReaderPropertyTests {

    private static final SaverProperties.Limits LIMITS = HostileJson.defaultLimits();

    private static final ResultReader READER = new ResultReader(JsonLimits.mapper(LIMITS), LIMITS.maxResultMessage().toBytes());

    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    static {
        READER.read("{\"jobId\":\"j\",\"batchIndex\":0,\"electionId\":\"e\",\"nodeId\":\"n\",\"firstIndex\":0,\"parties\":1,\"answered\":[1],\"maxPoints\":[4],\"points\":[4],\"failed\":0}"
                .getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** JSON numbers become ints (a "1," of 2 bytes becomes 4, arrays grow by doubling). */
    private static final long ALLOCATION_PER_BODY_BYTE = 48;

    @Property(tries = 1000)
    void arbitraryBytesAreAResultOrRefused(@ForAll @Size(max = 400) byte[] body, @ForAll boolean compact) {
        read(body, compact);
    }

    @Property(tries = 1500)
    void mutatedJsonResultsAreAResultOrRefused(@ForAll("mutatedJsonResults") String body) {
        read(body.getBytes(StandardCharsets.UTF_8), false);
    }

    @Property(tries = 1500)
    void mutatedCompactResultsAreAResultOrRefused(@ForAll("compactResults") byte[] valid, @ForAll @IntRange(min = 0) int at,
            @ForAll int value) {
        byte[] body = valid.clone();
        if (body.length >= 4) {
            ByteBuffer.wrap(body).putInt(at % (body.length - 3), value);
        }
        read(body, true);
    }

    @Property(tries = 50)
    void aMessageOverTheSizeLimitIsRefusedUnread(@ForAll @IntRange(min = 1, max = 4096) int over, @ForAll boolean compact) {
        byte[] body = new byte[(int) LIMITS.maxResultMessage().toBytes() + over];

        ResultReader.Read read = HostileJson.withinAllocation(0, 0, () -> READER.read(body,
                compact ? ComputeCodec.RESULT_CONTENT_TYPE : "application/json"));

        assertThat(read.refusal()).contains("saver.limits.max-result-message");
    }

    private static void read(byte[] body, boolean compact) {
        ResultReader.Read read = HostileJson.withinAllocation(body.length, ALLOCATION_PER_BODY_BYTE,
                () -> READER.read(body, compact ? ComputeCodec.RESULT_CONTENT_TYPE : "application/json"));
        assertThat(read.result() == null).isNotEqualTo(read.refusal() == null);
        if (read.result() != null) {
            assertThat(read.result().problems()).isEmpty();
            assertThat(read.result().jobId().length()).isLessThanOrEqualTo(ComputeResult.MAX_JOB_ID_LENGTH);
            assertThat(read.result().nodeId().length()).isLessThanOrEqualTo(ComputeResult.MAX_NODE_ID_LENGTH);
        }
    }

    @Provide
    Arbitrary<String> mutatedJsonResults() {
        return JsonMutations.mutated(results().map(PLAIN::writeValueAsString));
    }

    @Provide
    Arbitrary<byte[]> compactResults() {
        return results().map(ComputeCodec::encodeResult);
    }

    private Arbitrary<ComputeResult> results() {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 20),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(36)).flatAs((parties, n, jobId) ->
                        Arbitraries.integers().between(0, 40).array(int[].class).ofSize(n).map(maxPoints -> {
                            int[] answered = new int[n];
                            int[] points = new int[n * parties];
                            for (int i = 0; i < n; i++) {
                                answered[i] = maxPoints[i] / 4;
                                for (int p = 0; p < parties; p++) {
                                    points[i * parties + p] = (maxPoints[i] * (p + 1)) / (parties + 1);
                                }
                            }
                            return new ComputeResult(jobId, 3, "election-1", "node-1", 300, parties, answered, maxPoints, points, 0, null);
                        }));
    }
}
