package dev.msgsuite.compute.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.contracts.compute.Election.Party;
import dev.msgsuite.contracts.compute.Election.Statement;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JobProcessorTests {

    private static final Election ELECTION = new Election("e1", "E1",
            List.of(new Statement("s1", null, null), new Statement("s2", null, null)),
            List.of(new Party("a", null, List.of(2, 2)), new Party("b", null, List.of(-2, -2))));

    private final JsonMapper json = JsonMapper.builder().build();

    private final AtomicInteger fetches = new AtomicInteger();

    private final ElectionCatalog catalog = new ElectionCatalog(id -> {
        this.fetches.incrementAndGet();
        if (id.equals("e1")) {
            return ELECTION;
        }
        if (id.equals("down")) {
            throw new IllegalStateException("connection refused");
        }
        throw new ElectionCatalog.ElectionUnavailableException("election '" + id + "' is unknown to saver-service");
    }, 10, Long.MAX_VALUE);

    private final JobProcessor processor = new JobProcessor(this.json, this.catalog, "node-1");

    @Test
    void computesEveryAnswerSetWithJobWideIndexes() {
        JobProcessor.Outcome outcome = process(new ComputeJob("j1", 3, "e1", 30, new int[][] { { 2, 2 }, { -2, 9 } }));

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Computed.class, computed -> {
            ComputeResult result = computed.result();
            assertThat(result.jobId()).isEqualTo("j1");
            assertThat(result.batchIndex()).isEqualTo(3);
            assertThat(result.nodeId()).isEqualTo("node-1");
            assertThat(result.failed()).isZero();
            assertThat(result.firstIndex()).isEqualTo(30);
            assertThat(result.parties()).isEqualTo(2);
            assertThat(result.answered()).containsExactly(2, 1);
            assertThat(result.maxPoints()).containsExactly(8, 4);
            // answer set 30 agrees fully with a, not at all with b; 31 (only -2 on s1) the other way round
            assertThat(result.points()).containsExactly(8, 0, 0, 4);
            assertThat(result.problems()).isEmpty();
            assertThat(ComputeResult.agreement(result.points()[0], result.maxPoints()[0])).isEqualTo(100.0);
            assertThat(ComputeResult.ranking(result.points(), 2, 2)).containsExactly(1, 0);
        });
    }

    @Test
    void batchOfACancelledJobIsSkippedAndReportedCancelledWithoutFetchingItsElection() {
        CancelledJobs cancelled = new CancelledJobs(10, java.time.Duration.ofHours(1), java.time.Clock.systemUTC());
        cancelled.cancel("j-cancelled");
        JobProcessor skipping = new JobProcessor(this.json, this.catalog, "node-1", cancelled::isCancelled);
        ComputeJob job = new ComputeJob("j-cancelled", 4, "down", 80, new int[][] { { 2, 2 }, { 0, 0 }, { 1, 1 } });

        JobProcessor.Outcome outcome = skipping.process(this.json.writeValueAsBytes(job), "application/json");

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Computed.class, computed -> {
            assertThat(ComputeResult.isCancellation(computed.result())).isTrue();
            assertThat(computed.result().failed()).isEqualTo(3);
            assertThat(computed.result().batchIndex()).isEqualTo(4);
            assertThat(computed.result().firstIndex()).isEqualTo(80);
            assertThat(computed.result().error()).isEqualTo(ComputeResult.CANCELLED);
        });
        assertThat(this.fetches).hasValue(0);
        assertThat(skipping.process(this.json.writeValueAsBytes(new ComputeJob("j-other", 0, "e1", 0, new int[][] { { 0, 0 } })),
                "application/json")).isInstanceOfSatisfying(JobProcessor.Outcome.Computed.class,
                        computed -> assertThat(ComputeResult.isCancellation(computed.result())).isFalse());
    }

    @Test
    void fetchesAnUnknownElectionOnceAndKeepsIt() {
        process(new ComputeJob("j1", 0, "e1", 0, new int[][] { { 0, 0 } }));
        process(new ComputeJob("j1", 1, "e1", 1, new int[][] { { 0, 0 } }));

        assertThat(this.fetches).hasValue(1);
        assertThat(this.catalog.electionIds()).containsExactly("e1");
    }

    @Test
    void unparseableJobIsPoisonWithoutAFailureReport() {
        JobProcessor.Outcome outcome = this.processor.process("{not json".getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class, poison -> {
            assertThat(poison.reason()).startsWith("unparseable job");
            assertThat(poison.failure()).isNull();
        });
    }

    @Test
    void aJsonNullBodyIsPoisonNotANodeFailure() {
        JobProcessor.Outcome outcome = this.processor.process("null".getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class,
                poison -> assertThat(poison.reason()).isEqualTo("unparseable job: the body is JSON null"));
    }

    @Test
    void jobWithoutIdsIsPoison() {
        JobProcessor.Outcome outcome = this.processor.process("{\"batchIndex\":0,\"firstIndex\":0,\"electionId\":\"e1\",\"answers\":[[0,0]]}".getBytes(StandardCharsets.UTF_8), null);

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class,
                poison -> assertThat(poison.reason()).isEqualTo("invalid job: jobId is missing"));
    }

    @Test
    void aCompactJobOfNoStatementsAndAHugeCountIsPoisonNotAnAllocation() {
        // version, job id "j", batch 0, election "e", first index 0, 2^31-1 answer sets of 0 answers
        byte[] bytes = java.nio.ByteBuffer.allocate(21).put((byte) 1).putShort((short) 1).put((byte) 'j').putInt(0)
                .putShort((short) 1).put((byte) 'e').putInt(0).putInt(Integer.MAX_VALUE).putShort((short) 0).array();

        JobProcessor.Outcome outcome = this.processor.process(bytes, ComputeCodec.JOB_CONTENT_TYPE);

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class, poison -> {
            assertThat(poison.reason()).isEqualTo("unparseable job: job: 2147483647 answer sets, a message holds 1..10000");
            assertThat(poison.failure()).isNull();
        });
    }

    @Test
    void aJsonJobBeyondTheMessageLimitsIsPoisonBeforeOrAfterParsing() {
        byte[] huge = new byte[JobProcessor.MAX_JSON_JOB_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThat(this.processor.process(huge, "application/json")).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class,
                poison -> assertThat(poison.reason()).startsWith("unparseable job: a JSON job body holds at most"));

        String answers = String.join(",", java.util.Collections.nCopies(10_001, "[0,0]"));
        JobProcessor.Outcome tooMany = this.processor.process(("{\"jobId\":\"j1\",\"batchIndex\":0,\"electionId\":\"e1\","
                + "\"firstIndex\":0,\"answers\":[" + answers + "]}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(tooMany).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class,
                poison -> assertThat(poison.reason()).isEqualTo("invalid job: job: 10001 answer sets, a message holds 1..10000"));
        JobProcessor.Outcome longId = process(new ComputeJob("j".repeat(37), 0, "e1", 0, new int[][] { { 0, 0 } }));
        assertThat(longId).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class,
                poison -> assertThat(poison.reason()).startsWith("invalid job: jobId and electionId hold at most 36 and 64"));
    }

    @Test
    void invalidAnswersArePoisonAndReportTheWholeBatchFailed() {
        JobProcessor.Outcome outcome = process(new ComputeJob("j1", 0, "e1", 10, new int[][] { { 0, 0 }, { 0, 5 } }));

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class, poison -> {
            assertThat(poison.reason()).isEqualTo("invalid answers at index 11: answer 1 is 5, not -2..2 or 9 (no opinion)");
            assertThat(poison.failure().failed()).isEqualTo(2);
            assertThat(poison.failure().computed()).isZero();
            assertThat(poison.failure().firstIndex()).isEqualTo(10);
            assertThat(poison.failure().problems()).isEmpty();
            assertThat(poison.failure().error()).isEqualTo(poison.reason());
        });
    }

    @Test
    void electionUnknownToSaverIsPoisonAfterOneAsk() {
        JobProcessor.Outcome outcome = process(new ComputeJob("j1", 0, "nope", 0, new int[][] { { 0 } }));

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class,
                poison -> assertThat(poison.reason()).contains("unknown election").contains("'nope' is unknown"));
        assertThat(this.fetches).hasValue(1);
    }

    @Test
    void anUnreachableSaverMakesTheBatchWaitNotFailAndIsAskedAgainNextTime() {
        JobProcessor.Outcome first = process(new ComputeJob("j1", 0, "down", 0, new int[][] { { 0 } }));
        JobProcessor.Outcome second = process(new ComputeJob("j1", 0, "down", 0, new int[][] { { 0 } }));

        assertThat(first).isInstanceOfSatisfying(JobProcessor.Outcome.Retry.class, retry -> assertThat(retry.reason())
                .isEqualTo("saver-service unavailable: IllegalStateException: connection refused"));
        assertThat(second).isInstanceOf(JobProcessor.Outcome.Retry.class);
        // one ask per delivery: the pause between them is the listener's back-off, not a loop here
        assertThat(this.fetches).hasValue(2);
        assertThat(this.catalog.electionIds()).isEmpty();
    }

    @Test
    void aMalformedJobIsPoisonEvenWhileSaverIsUnreachable() {
        JobProcessor.Outcome outcome = this.processor.process(new byte[] { 1, 0, 1, 'j' }, ComputeCodec.JOB_CONTENT_TYPE);

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class,
                poison -> assertThat(poison.kind()).isEqualTo(JobProcessor.Outcome.Poison.UNPARSEABLE));
        assertThat(this.fetches).hasValue(0);
    }

    @Test
    void truncatedCompactJobIsPoisonSayingWhere() {
        byte[] bytes = ComputeCodec.encodeJob(new ComputeJob("j1", 0, "e1", 0, new int[][] { { 0, 0 } }));

        JobProcessor.Outcome outcome = this.processor.process(java.util.Arrays.copyOf(bytes, bytes.length - 1),
                ComputeCodec.JOB_CONTENT_TYPE);

        assertThat(outcome).isInstanceOfSatisfying(JobProcessor.Outcome.Poison.class, poison -> assertThat(poison.reason())
                .isEqualTo("unparseable job: job: 1 answer sets of 2 answers need 2 bytes, 1 follow"));
    }

    @Test
    void jsonAndCompactJobsGiveTheSameResult() {
        ComputeJob job = new ComputeJob("j1", 3, "e1", 30, new int[][] { { 2, -1 }, { 9, 1 } });

        ComputeResult fromJson = ((JobProcessor.Outcome.Computed) this.processor.process(this.json.writeValueAsBytes(job),
                "application/json")).result();
        ComputeResult fromCompact = ((JobProcessor.Outcome.Computed) process(job)).result();

        assertThat(fromCompact.points()).containsExactly(fromJson.points());
        assertThat(fromCompact.maxPoints()).containsExactly(fromJson.maxPoints());
        assertThat(fromCompact.answered()).containsExactly(fromJson.answered());
    }

    private JobProcessor.Outcome process(ComputeJob job) {
        return this.processor.process(ComputeCodec.encodeJob(job), ComputeCodec.JOB_CONTENT_TYPE);
    }
}
