package dev.msgsuite.compute.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.contracts.compute.Election.Party;
import dev.msgsuite.contracts.compute.Election.Statement;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
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
 * Whatever a job message holds, compact or JSON, the node's answer is a result or a poison
 * reason: never an exception (which would park a good batch as a node failure) and never an
 * allocation beyond a small multiple of the message's own size.
 */
class JobProcessorPropertyTests {

    /** Parsing JSON may take this much per byte of the message (arrays grown while reading, ints for digits). */
    private static final long ALLOCATION_PER_BODY_BYTE = 64;

    private static final long ALLOCATION_ALLOWANCE = 512 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Election ELECTION = new Election("e1", "E1",
            List.of(new Statement("s1", null, null), new Statement("s2", null, 3), new Statement("s3", null, null)),
            List.of(new Party("a", null, List.of(2, 2, 0)), new Party("b", null, List.of(-2, -2, 1))));

    /** Shared and warmed up, so the first try does not measure Jackson building its deserializers. */
    private static final JobProcessor PROCESSOR = new JobProcessor(JSON, new ElectionCatalog(id -> {
        if (id.equals(ELECTION.id())) {
            return ELECTION;
        }
        throw new ElectionCatalog.ElectionUnavailableException("election '" + id + "' is unknown to saver-service");
    }, 10, Long.MAX_VALUE), "node-1");

    static {
        PROCESSOR.process(JSON.writeValueAsBytes(new ComputeJob("j", 0, "e1", 0, new int[][] { { 0, 1, 2 } })), "application/json");
        PROCESSOR.process("{\"jobId\":1.5e3,\"answers\":[[1e999]]}".getBytes(StandardCharsets.UTF_8), "application/json");
        PROCESSOR.process(ComputeCodec.encodeJob(new ComputeJob("j", 0, "e1", 0, new int[][] { { 0, 1, 2 } })),
                ComputeCodec.JOB_CONTENT_TYPE);
    }

    @Property(tries = 2000)
    void arbitraryBytesAreComputedOrPoisonAsCompactJobs(@ForAll @Size(max = 300) byte[] body) {
        processes(body, ComputeCodec.JOB_CONTENT_TYPE);
    }

    @Property(tries = 2000)
    void arbitraryBytesAreComputedOrPoisonAsJsonJobs(@ForAll @Size(max = 300) byte[] body) {
        processes(body, "application/json");
    }

    @Property(tries = 2000)
    void jsonLikeTextIsComputedOrPoison(@ForAll("jsonish") String text) {
        processes(text.getBytes(StandardCharsets.UTF_8), null);
    }

    @Property(tries = 3000)
    void mutatedCompactJobsAreComputedOrPoison(@ForAll("compactJobs") byte[] valid, @ForAll("byteMutations") UnaryOperator<byte[]> mutation) {
        processes(mutation.apply(valid), ComputeCodec.JOB_CONTENT_TYPE);
    }

    @Property(tries = 3000)
    void mutatedJsonJobsAreComputedOrPoison(@ForAll("jsonJobs") String valid, @ForAll("textMutations") UnaryOperator<String> mutation) {
        processes(mutation.apply(valid).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Property(tries = 300)
    void everyValidJobIsComputedTheSameInBothFormats(@ForAll("jobs") ComputeJob job) {
        JobProcessor.Outcome compact = processes(ComputeCodec.encodeJob(job), ComputeCodec.JOB_CONTENT_TYPE);
        JobProcessor.Outcome json = processes(JSON.writeValueAsBytes(job), "application/json");

        assertThat(compact).isInstanceOfSatisfying(JobProcessor.Outcome.Computed.class, computed -> {
            assertThat(computed.result().computed()).isEqualTo(job.answers().length);
            assertThat(json).isInstanceOfSatisfying(JobProcessor.Outcome.Computed.class,
                    other -> assertThat(other.result().points()).containsExactly(computed.result().points()));
        });
    }

    @Property(tries = 300)
    void aCompactHeaderClaimingAnyCountIsRefusedBeforeAnythingIsAllocated(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int count,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int statements) {
        // version, job id "j", batch 0, election "e1", first index 0, count, statements, and no answers at all
        byte[] body = ByteBuffer.allocate(22).put((byte) 1).putShort((short) 1).put((byte) 'j').putInt(0).putShort((short) 2)
                .put((byte) 'e').put((byte) '1').putInt(0).putInt(count).putShort((short) statements).array();

        assertThat(processes(body, ComputeCodec.JOB_CONTENT_TYPE)).isInstanceOf(JobProcessor.Outcome.Poison.class);
    }

    @Provide
    Arbitrary<ComputeJob> jobs() {
        Arbitrary<int[]> answerSet = Arbitraries.of(-2, -1, 0, 1, 2, ComputeJob.NO_OPINION).array(int[].class).ofSize(3);
        return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(36),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 1_000_000),
                answerSet.array(int[][].class).ofMinSize(1).ofMaxSize(40))
                .as((jobId, batch, first, answers) -> new ComputeJob(jobId, batch, "e1", first, answers));
    }

    @Provide
    Arbitrary<byte[]> compactJobs() {
        return jobs().map(ComputeCodec::encodeJob);
    }

    @Provide
    Arbitrary<String> jsonJobs() {
        return jobs().map(JSON::writeValueAsString);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"jobId\"", "\"electionId\"", "\"answers\"",
                "\"batchIndex\"", "\"firstIndex\"", "\"e1\"", "\"j\"", "0", "-2", "9", "2147483648", "-1e999", "1.5", "null", "true",
                "\"\\u0000\"", "[[", "]]", " ");
        return tokens.list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<UnaryOperator<byte[]>> byteMutations() {
        Arbitrary<UnaryOperator<byte[]>> flip = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
                .as((at, value) -> body -> {
                    byte[] copy = body.clone();
                    copy[at % copy.length] = value;
                    return copy;
                });
        Arbitrary<UnaryOperator<byte[]>> int32 = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers())
                .as((at, value) -> body -> {
                    byte[] copy = body.clone();
                    if (copy.length >= 4) {
                        ByteBuffer.wrap(copy).putInt(at % (copy.length - 3), value);
                    }
                    return copy;
                });
        Arbitrary<UnaryOperator<byte[]>> truncate = Arbitraries.integers().greaterOrEqual(0)
                .map(at -> body -> Arrays.copyOf(body, at % body.length));
        return Arbitraries.oneOf(flip, int32, truncate);
    }

    @Provide
    Arbitrary<UnaryOperator<String>> textMutations() {
        Arbitrary<String> fragments = Arbitraries.of("[", "]", "{", "}", ",", "\"", "null", "1e999", "-2147483649",
                "99999999999999999999", "true", "\"x\"", "[[", "]]", "-", "5", ":", "\\u0000");
        Arbitrary<UnaryOperator<String>> insert = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), fragments)
                .as((at, fragment) -> text -> {
                    int where = at % (text.length() + 1);
                    return text.substring(0, where) + fragment + text.substring(where);
                });
        Arbitrary<UnaryOperator<String>> delete = Combinators.combine(Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().between(1, 8)).as((at, length) -> text -> {
                    int from = at % text.length();
                    return text.substring(0, from) + text.substring(Math.min(text.length(), from + length));
                });
        Arbitrary<UnaryOperator<String>> truncate = Arbitraries.integers().greaterOrEqual(0)
                .map(at -> text -> text.substring(0, at % text.length()));
        return Arbitraries.oneOf(insert, delete, truncate);
    }

    /** The outcome, checked: computed within the limits, or poison with a reason; within the allocation bound. */
    private static JobProcessor.Outcome processes(byte[] body, String contentType) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        JobProcessor.Outcome outcome = PROCESSOR.process(body, contentType);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated processing a message of %d bytes", body.length)
                .isLessThanOrEqualTo(ALLOCATION_ALLOWANCE + ALLOCATION_PER_BODY_BYTE * body.length);
        switch (outcome) {
            case JobProcessor.Outcome.Computed computed -> {
                assertThat(computed.result().problems()).isEmpty();
                assertThat(computed.result().computed()).isBetween(1, ComputeCodec.MAX_ANSWER_SETS_PER_MESSAGE);
                assertThat((long) computed.result().firstIndex() + computed.result().computed()).isLessThanOrEqualTo(Integer.MAX_VALUE);
            }
            case JobProcessor.Outcome.Poison poison -> {
                assertThat(poison.reason()).isNotBlank();
                assertThat(poison.kind()).isIn(JobProcessor.Outcome.Poison.UNPARSEABLE, JobProcessor.Outcome.Poison.INVALID_JOB,
                        JobProcessor.Outcome.Poison.UNKNOWN_ELECTION, JobProcessor.Outcome.Poison.INVALID_ANSWERS);
                if (poison.failure() != null) {
                    assertThat(poison.failure().problems()).isEmpty();
                }
            }
            case JobProcessor.Outcome.Retry retry -> throw new AssertionError("saver-service is up here, yet: " + retry);
        }
        return outcome;
    }
}
