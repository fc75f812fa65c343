package dev.msgsuite.saver.jobs;

import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.Election;
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
record JobRequest(String electionId, @Nullable List<List<Integer>> answerSets, @Nullable Integer generate,
        @Nullable Long seed, @Nullable Integer batchSize) {

    static final int MAX_BATCH_SIZE = 10_000;

    /** Every problem with this request against the election, empty when it is valid. */
    List<String> problems(Election election, int maxAnswerSets) {
        List<String> problems = new ArrayList<>();
        if ((this.answerSets == null) == (this.generate == null)) {
            problems.add("give exactly one of answerSets and generate");
        }
        if (this.generate != null && (this.generate < 1 || this.generate > maxAnswerSets)) {
            problems.add("generate must be 1.." + maxAnswerSets);
        }
        if (this.batchSize != null && (this.batchSize < 1 || this.batchSize > MAX_BATCH_SIZE)) {
            problems.add("batchSize must be 1.." + MAX_BATCH_SIZE);
        }
        if (this.answerSets != null) {
            if (this.answerSets.isEmpty() || this.answerSets.size() > maxAnswerSets) {
                problems.add("answerSets must hold 1.." + maxAnswerSets + " answer sets");
            }
            int statements = election.statements().size();
            for (int i = 0; i < this.answerSets.size() && problems.size() < 20; i++) {
                List<Integer> answers = this.answerSets.get(i);
                if (answers == null || answers.size() != statements) {
                    problems.add("answerSets[" + i + "] must have " + statements + " answers");
                    continue;
                }
                for (int s = 0; s < answers.size(); s++) {
                    Integer answer = answers.get(s);
                    if (answer != null && (answer < Election.MIN_POSITION || answer > Election.MAX_POSITION)) {
                        problems.add("answerSets[" + i + "][" + s + "] must be -2..2 or null (no opinion)");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The answer sets in wire form, given or generated, one byte per answer, answer set after
     * answer set: a million answer sets to 30 statements take 30 MB, not the 140 MB of int
     * arrays. Call only on a valid request.
     */
    byte[] answers(Election election) {
        int statements = election.statements().size();
        if (this.answerSets != null) {
            byte[] answers = new byte[this.answerSets.size() * statements];
            for (int i = 0; i < this.answerSets.size(); i++) {
                List<Integer> answerSet = this.answerSets.get(i);
                for (int s = 0; s < statements; s++) {
                    Integer answer = answerSet.get(s);
                    answers[i * statements + s] = (byte) (answer == null ? ComputeJob.NO_OPINION : answer);
                }
            }
            return answers;
        }
        SplittableRandom random = new SplittableRandom(this.seed == null ? System.nanoTime() : this.seed);
        byte[] answers = new byte[this.generate * statements];
        for (int i = 0; i < answers.length; i++) {
            int pick = random.nextInt(6);
            answers[i] = (byte) (pick == 5 ? ComputeJob.NO_OPINION : pick - 2);
        }
        return answers;
    }
}
