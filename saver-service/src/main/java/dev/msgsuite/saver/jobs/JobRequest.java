package dev.msgsuite.saver.jobs;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.Election;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A job as submitted over HTTP: answer sets, or how many random ones to generate.
 *
 * @param electionId the election to match against
 * @param answerSets one list per user, one answer per statement: -2..+2, or null for no opinion
 * @param generate instead of answer sets: how many random ones to generate
 * @param seed for generated answer sets, to make a run repeatable
 * @param batchSize answer sets per job message; the configured default when absent
 */
record JobRequest(String electionId,
        @Schema(type = "array", description = "one array per user, one answer per statement: -2..2 or null (no opinion)",
                example = "[[2, null, -1], [0, 1, -2]]") @Nullable AnswerSets answerSets,
        @Nullable Integer generate, @Nullable Long seed, @Nullable Integer batchSize) {

    static final int MAX_BATCH_SIZE = ComputeCodec.MAX_ANSWER_SETS_PER_MESSAGE;

    /**
     * Every problem with this request against the election and the limits, empty when it is
     * valid: dimensions first, so a job too large to hold is refused before any of it is made.
     */
    List<String> problems(Election election, int maxAnswerSets, long maxJobAnswers, int defaultBatchSize) {
        List<String> problems = new ArrayList<>();
        if ((this.answerSets == null) == (this.generate == null)) {
            problems.add("give exactly one of answerSets and generate");
            return problems;
        }
        int statements = election.statements().size();
        int parties = election.parties().size();
        long total = this.generate != null ? this.generate : this.answerSets.count();
        if (this.generate != null && (this.generate < 1 || this.generate > maxAnswerSets)) {
            problems.add("generate must be 1.." + maxAnswerSets);
        }
        if (this.answerSets != null && (total < 1 || total > maxAnswerSets)) {
            problems.add("answerSets must hold 1.." + maxAnswerSets + " answer sets");
        }
        if (total * statements > maxJobAnswers) {
            problems.add("answer sets x statements = " + total + " x " + statements + " = " + total * statements
                    + " answers, a job holds at most " + maxJobAnswers + " (saver.limits.max-job-answers)");
        }
        int largestBatch = largestBatch(statements, parties);
        if (this.batchSize != null && (this.batchSize < 1 || this.batchSize > MAX_BATCH_SIZE)) {
            problems.add("batchSize must be 1.." + MAX_BATCH_SIZE);
        }
        else {
            long batch = Math.min(this.batchSize != null ? this.batchSize : defaultBatchSize, Math.max(total, 1));
            if (batch > largestBatch) {
                problems.add("batchSize " + batch + " is too large for " + statements + " statements and " + parties
                        + " parties: a job message holds at most " + ComputeCodec.MAX_ANSWERS_PER_MESSAGE
                        + " answers (batchSize x statements) and its result " + ComputeCodec.MAX_RESULT_VALUES_PER_MESSAGE
                        + " values (batchSize x (parties + 2)), so batchSize may be at most " + largestBatch);
            }
        }
        if (this.answerSets != null && problems.isEmpty()) {
            if (this.answerSets.width() != statements) {
                problems.add("answerSets[0] must have " + statements + " answers");
            }
            for (int[] ragged : this.answerSets.ragged()) {
                if (ragged[1] != statements) {
                    problems.add("answerSets[" + ragged[0] + "] must have " + statements + " answers");
                }
            }
            problems.addAll(this.answerSets.problems());
        }
        return problems;
    }

    /** The most answer sets one job message may carry for an election of this size. */
    static int largestBatch(int statements, int parties) {
        return Math.min(MAX_BATCH_SIZE, Math.min(ComputeCodec.MAX_ANSWERS_PER_MESSAGE / Math.max(statements, 1),
                ComputeCodec.MAX_RESULT_VALUES_PER_MESSAGE / (parties + 2)));
    }

    /** Answer sets in the job, given or to be generated. Call only on a valid request. */
    int total() {
        return this.generate != null ? this.generate : this.answerSets.count();
    }

    /**
     * Where the answers of each batch come from, one byte per answer: the given ones, or a
     * generator that makes each batch only when it is published, so a generated job of any
     * size costs one batch of memory. Call only on a valid request.
     */
    AnswerSource answers(Election election) {
        int statements = election.statements().size();
        if (this.answerSets != null) {
            byte[] given = this.answerSets.answers();
            return (from, count) -> new Slice(given, from);
        }
        SplittableRandom random = new SplittableRandom(this.seed == null ? System.nanoTime() : this.seed);
        return (from, count) -> {
            // batches are asked for in order, so the answers follow one another as one stream of the seed
            byte[] answers = new byte[count * statements];
            for (int i = 0; i < answers.length; i++) {
                int pick = random.nextInt(6);
                answers[i] = (byte) (pick == 5 ? ComputeJob.NO_OPINION : pick - 2);
            }
            return new Slice(answers, 0);
        };
    }

    /** The answers of answer sets {@code from} to {@code from + count}; asked for in order. */
    interface AnswerSource {

        Slice batch(int from, int count);
    }

    /** Answers one byte each; the batch's first answer set is at answer set {@code offset} of {@code answers}. */
    record Slice(byte[] answers, int offset) {
    }
}
