package dev.msgsuite.contracts.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ComputeCodecTests {

    @Test
    void jobRoundTripsWithEveryAnswerValue() {
        ComputeJob job = new ComputeJob("job-é", 7, "e2026", 700,
                new int[][] { { -2, -1, 0 }, { 1, 2, ComputeJob.NO_OPINION } });

        ComputeJob decoded = ComputeCodec.decodeJob(ComputeCodec.encodeJob(job));

        assertThat(decoded.jobId()).isEqualTo("job-é");
        assertThat(decoded.batchIndex()).isEqualTo(7);
        assertThat(decoded.electionId()).isEqualTo("e2026");
        assertThat(decoded.firstIndex()).isEqualTo(700);
        assertThat(decoded.answers()).isDeepEqualTo(job.answers());
    }

    @Test
    void jobEncodedFromASliceOfFlatAnswersEqualsTheSameJobFromArrays() {
        byte[] flat = { 1, 2, -1, -2, 9, 0, 2, 2 };

        byte[] fromSlice = ComputeCodec.encodeJob("j", 1, "e", 2, 2, flat, 1, 2);
        byte[] fromArrays = ComputeCodec.encodeJob(new ComputeJob("j", 1, "e", 2, new int[][] { { -1, -2 }, { 9, 0 } }));

        assertThat(fromSlice).isEqualTo(fromArrays);
        assertThat(ComputeCodec.decodeJob(fromSlice).answers()).isDeepEqualTo(new int[][] { { -1, -2 }, { 9, 0 } });
    }

    @Test
    void jobOfAHundredAnswerSetsToThirtyStatementsIsAboutThreeKilobytes() {
        int[][] answers = new int[100][30];
        byte[] bytes = ComputeCodec.encodeJob(new ComputeJob("00000000-0000-0000-0000-000000000000", 0, "bench", 0, answers));

        assertThat(bytes.length).isBetween(3000, 3100);
    }

    @Test
    void resultRoundTripsLargeValuesAndTheError() {
        Random random = new Random(3);
        int[] points = random.ints(40, 0, 40_001).toArray();
        int[] maxPoints = new int[] { 40_000, 40_000, 40_000, 40_000, 40_000 };
        ComputeResult result = new ComputeResult("j", 2, "e", "node-1", 10, 8, new int[] { 1000, 0, 3, 4, 5 }, maxPoints,
                points, 3, "3 failed");

        ComputeResult decoded = ComputeCodec.decodeResult(ComputeCodec.encodeResult(result));

        assertThat(decoded.jobId()).isEqualTo("j");
        assertThat(decoded.batchIndex()).isEqualTo(2);
        assertThat(decoded.electionId()).isEqualTo("e");
        assertThat(decoded.nodeId()).isEqualTo("node-1");
        assertThat(decoded.firstIndex()).isEqualTo(10);
        assertThat(decoded.parties()).isEqualTo(8);
        assertThat(decoded.answered()).containsExactly(1000, 0, 3, 4, 5);
        assertThat(decoded.maxPoints()).containsExactly(maxPoints);
        assertThat(decoded.points()).containsExactly(points);
        assertThat(decoded.failed()).isEqualTo(3);
        assertThat(decoded.error()).isEqualTo("3 failed");
    }

    @Test
    void failureRoundTripsWithEmptyColumnsAndAResultWithoutErrorKeepsItNull() {
        ComputeResult failure = ComputeResult.failure("j", 1, "e", "n", 100, 100, "invalid answers");
        ComputeResult decodedFailure = ComputeCodec.decodeResult(ComputeCodec.encodeResult(failure));
        assertThat(decodedFailure.failed()).isEqualTo(100);
        assertThat(decodedFailure.computed()).isZero();
        assertThat(decodedFailure.error()).isEqualTo("invalid answers");

        ComputeResult computed = new ComputeResult("j", 0, "e", "n", 0, 1, new int[] { 1 }, new int[] { 4 }, new int[] { 2 },
                0, null);
        assertThat(ComputeCodec.decodeResult(ComputeCodec.encodeResult(computed)).error()).isNull();
    }

    @Test
    void truncatedOrPaddedBytesAreMalformedAndSaySo() {
        byte[] job = ComputeCodec.encodeJob(new ComputeJob("j", 0, "e", 0, new int[][] { { 1, 2 } }));

        assertThatThrownBy(() -> ComputeCodec.decodeJob(Arrays.copyOf(job, 8)))
                .isInstanceOf(ComputeCodec.MalformedMessageException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ComputeCodec.decodeJob(Arrays.copyOf(job, job.length + 1)))
                .isInstanceOf(ComputeCodec.MalformedMessageException.class).hasMessageContaining("1 answer sets of 2 answers need 2 bytes, 3 follow");
        byte[] otherVersion = job.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> ComputeCodec.decodeJob(otherVersion))
                .isInstanceOf(ComputeCodec.MalformedMessageException.class).hasMessageContaining("format version 9");
        assertThatThrownBy(() -> ComputeCodec.decodeResult("{\"jobId\":1}".getBytes()))
                .isInstanceOf(ComputeCodec.MalformedMessageException.class);
    }

    @Test
    void refusesToEncodeWhatTheFormatCannotHold() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComputeCodec.encodeJob(new ComputeJob("j", 0, "e", 0, new int[][] { { 1, 2 }, { 1 } })))
                .withMessageContaining("same length");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComputeCodec.encodeJob(new ComputeJob("j", 0, "e", 0, new int[][] { { 300 } })))
                .withMessageContaining("300");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComputeCodec.encodeResult(new ComputeResult("j", 0, "e", "n", 0, 1, new int[] { 1 },
                        new int[] { 70_000 }, new int[] { 2 }, 0, null)))
                .withMessageContaining("maxPoints 70000");
    }
}
