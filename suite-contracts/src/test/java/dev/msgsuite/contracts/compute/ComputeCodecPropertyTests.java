package dev.msgsuite.contracts.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive as a job or result message, decoding gives either a value within the
 * message limits or a {@link ComputeCodec.MalformedMessageException}, never another exception,
 * and never allocates more than a small multiple of the message's own size.
 */
class ComputeCodecPropertyTests {

    /** Decoding may take this much per byte of the message (ints for bytes, array headers), plus a little. */
    private static final long ALLOCATION_PER_BODY_BYTE = 32;

    private static final long ALLOCATION_ALLOWANCE = 256 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Property(tries = 2000)
    void arbitraryBytesAreAJobOrRefused(@ForAll @Size(max = 300) byte[] body) {
        decodesOrRefuses(body, ComputeCodec::decodeJob);
    }

    @Property(tries = 2000)
    void arbitraryBytesAreAResultOrRefused(@ForAll @Size(max = 300) byte[] body) {
        decodesOrRefuses(body, ComputeCodec::decodeResult);
    }

    @Property(tries = 3000)
    void mutatedJobsAreAJobOrRefused(@ForAll("jobs") byte[] valid, @ForAll("mutations") Mutation mutation) {
        ComputeJob job = decodesOrRefuses(mutation.apply(valid), ComputeCodec::decodeJob);
        if (job != null) {
            assertThat(job.answers().length).isBetween(1, ComputeCodec.MAX_ANSWER_SETS_PER_MESSAGE);
            assertThat((long) job.answers().length * job.answers()[0].length).isLessThanOrEqualTo(ComputeCodec.MAX_ANSWERS_PER_MESSAGE);
        }
    }

    @Property(tries = 3000)
    void mutatedResultsAreAResultOrRefused(@ForAll("results") byte[] valid, @ForAll("mutations") Mutation mutation) {
        ComputeResult result = decodesOrRefuses(mutation.apply(valid), ComputeCodec::decodeResult);
        if (result != null) {
            assertThat(result.computed()).isBetween(0, ComputeCodec.MAX_ANSWER_SETS_PER_MESSAGE);
            assertThat(result.parties()).isBetween(0, Election.MAX_PARTIES);
        }
    }

    @Property(tries = 500)
    void everyValidJobSurvivesTheRoundTrip(@ForAll("jobs") byte[] encoded) {
        ComputeJob job = ComputeCodec.decodeJob(encoded);
        assertThat(ComputeCodec.encodeJob(job)).isEqualTo(encoded);
    }

    @Property(tries = 500)
    void everyValidResultSurvivesTheRoundTrip(@ForAll("results") byte[] encoded) {
        ComputeResult result = ComputeCodec.decodeResult(encoded);
        assertThat(result.problems()).isEmpty();
        assertThat(ComputeCodec.encodeResult(result)).isEqualTo(encoded);
    }

    @Property(tries = 200)
    void aJobHeaderClaimingMoreThanTheLimitIsRefusedBeforeAnythingIsAllocated(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int count, @ForAll @IntRange(min = 0, max = 0xFFFF) int statements) {
        ByteBuffer header = ByteBuffer.allocate(1 + 2 + 1 + 4 + 2 + 1 + 4 + 4 + 2);
        header.put((byte) 1).putShort((short) 1).put((byte) 'j').putInt(0).putShort((short) 1).put((byte) 'e').putInt(0)
                .putInt(count).putShort((short) statements);
        decodesOrRefuses(header.array(), ComputeCodec::decodeJob);
    }

    @Provide
    Arbitrary<byte[]> jobs() {
        Arbitrary<Integer> statements = Arbitraries.integers().between(1, 40);
        Arbitrary<Integer> answerSets = Arbitraries.integers().between(1, 30);
        return Combinators.combine(statements, answerSets, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(36),
                Arbitraries.integers().between(0, 1000)).flatAs((s, n, jobId, batch) -> Arbitraries.of(-2, -1, 0, 1, 2, ComputeJob.NO_OPINION)
                        .array(int[].class).ofSize(s).array(int[][].class).ofSize(n)
                        .map(answers -> ComputeCodec.encodeJob(new ComputeJob(jobId, batch, "election-1", batch * 100, answers))));
    }

    @Provide
    Arbitrary<byte[]> results() {
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 30),
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
                            return ComputeCodec.encodeResult(new ComputeResult(jobId, 3, "election-1", "node-1", 300, parties, answered,
                                    maxPoints, points, 0, null));
                        }));
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Mutation> flip = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
                .as((at, value) -> body -> {
                    byte[] copy = body.clone();
                    copy[at % copy.length] = value;
                    return copy;
                });
        Arbitrary<Mutation> int32 = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers())
                .as((at, value) -> body -> {
                    byte[] copy = body.clone();
                    if (copy.length >= 4) {
                        ByteBuffer.wrap(copy).putInt(at % (copy.length - 3), value);
                    }
                    return copy;
                });
        Arbitrary<Mutation> truncate = Arbitraries.integers().greaterOrEqual(0).map(at -> body -> java.util.Arrays.copyOf(body, at % body.length));
        Arbitrary<Mutation> extend = Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(tail -> body -> {
            byte[] copy = java.util.Arrays.copyOf(body, body.length + tail.length);
            System.arraycopy(tail, 0, copy, body.length, tail.length);
            return copy;
        });
        return Arbitraries.oneOf(flip, int32, truncate, extend);
    }

    interface Mutation extends Function<byte[], byte[]> {
    }

    private static <T> T decodesOrRefuses(byte[] body, Function<byte[], T> decoder) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T value;
        try {
            value = decoder.apply(body);
        }
        catch (ComputeCodec.MalformedMessageException refused) {
            value = null;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated decoding a message of %d bytes", body.length)
                .isLessThanOrEqualTo(ALLOCATION_ALLOWANCE + ALLOCATION_PER_BODY_BYTE * body.length);
        return value;
    }
}
