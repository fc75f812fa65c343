package dev.msgsuite.compute.matching;

import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.ComputeResult.Match;
import dev.msgsuite.contracts.compute.Election;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An election compiled for matching: positions and weights in flat primitive arrays.
 * Agreement with a party is exact integer arithmetic: on each answered statement the
 * user and the party are {@code 4 - |answer - position|} points apart from full
 * disagreement, times the statement weight; the percentage divides that once by
 * {@code 4 * answered weight}. Immutable and safe to share between threads.
 */
public final class MatchingModel {

    private static final int SPAN = Election.MAX_POSITION - Election.MIN_POSITION;

    private final String electionId;

    private final List<String> partyIds;

    private final int statements;

    private final int parties;

    private final int[] weights;

    /** Party-major: the position of party p on statement s is at {@code p * statements + s}. */
    private final int[] positions;

    private MatchingModel(String electionId, List<String> partyIds, int[] weights, int[] positions) {
        this.electionId = electionId;
        this.partyIds = partyIds;
        this.statements = weights.length;
        this.parties = partyIds.size();
        this.weights = weights;
        this.positions = positions;
    }

    /** Compiles a valid election; rejects an invalid one with all its problems. */
    public static MatchingModel compile(Election election) {
        List<String> problems = election.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid election " + election.id() + ": " + String.join("; ", problems));
        }
        int statementCount = election.statements().size();
        int[] weights = new int[statementCount];
        for (int s = 0; s < statementCount; s++) {
            weights[s] = election.statements().get(s).effectiveWeight();
        }
        int[] positions = new int[election.parties().size() * statementCount];
        for (int p = 0; p < election.parties().size(); p++) {
            List<Integer> partyPositions = election.parties().get(p).positions();
            for (int s = 0; s < statementCount; s++) {
                positions[p * statementCount + s] = partyPositions.get(s);
            }
        }
        return new MatchingModel(election.id(), election.parties().stream().map(Election.Party::id).toList(), weights,
                positions);
    }

    public String electionId() {
        return this.electionId;
    }

    public List<String> partyIds() {
        return this.partyIds;
    }

    public int statements() {
        return this.statements;
    }

    /** Why this answer set cannot be matched, or null when it can. */
    public @Nullable String problemWith(int @Nullable [] answers) {
        if (answers == null) {
            return "answer set is missing";
        }
        if (answers.length != this.statements) {
            return "answer set has " + answers.length + " answers for " + this.statements + " statements";
        }
        for (int s = 0; s < answers.length; s++) {
            int answer = answers[s];
            if (answer != ComputeJob.NO_OPINION && (answer < Election.MIN_POSITION || answer > Election.MAX_POSITION)) {
                return "answer " + s + " is " + answer + ", not " + Election.MIN_POSITION + ".." + Election.MAX_POSITION
                        + " or " + ComputeJob.NO_OPINION + " (no opinion)";
            }
        }
        return null;
    }

    /** A scratch area for one thread; reusing it keeps the hot loop free of allocation. */
    public Scratch newScratch() {
        return new Scratch(this.statements, this.parties);
    }

    /**
     * Matches one valid answer set (see {@link #problemWith}) and returns its agreement
     * and ranking.
     */
    public Match match(int index, int[] answers, Scratch scratch) {
        int answered = scoreInto(answers, scratch);
        long denominator = (long) SPAN * scratch.answeredWeight;
        double[] agreement = new double[this.parties];
        int[] ranking = new int[this.parties];
        long[] points = scratch.points;
        for (int p = 0; p < this.parties; p++) {
            agreement[p] = denominator == 0 ? 0.0 : (points[p] * 100.0) / denominator;
            ranking[p] = p;
        }
        rank(ranking, points);
        return new Match(index, answered, agreement, ranking);
    }

    /**
     * Fills {@code scratch.points} with each party's agreement points and returns how many
     * statements were answered. Branch-free inner loop over int arrays so the JIT can
     * vectorise it.
     */
    int scoreInto(int[] answers, Scratch scratch) {
        int[] effectiveWeight = scratch.effectiveWeight;
        int[] effectiveAnswer = scratch.effectiveAnswer;
        int answered = 0;
        long answeredWeight = 0;
        for (int s = 0; s < this.statements; s++) {
            int answer = answers[s];
            boolean opinion = answer != ComputeJob.NO_OPINION;
            effectiveWeight[s] = opinion ? this.weights[s] : 0;
            effectiveAnswer[s] = opinion ? answer : 0;
            answered += opinion ? 1 : 0;
            answeredWeight += effectiveWeight[s];
        }
        scratch.answeredWeight = answeredWeight;
        int[] positions = this.positions;
        int statements = this.statements;
        for (int p = 0; p < this.parties; p++) {
            int base = p * statements;
            int sum = 0; // at most MAX_WEIGHT * SPAN * MAX_STATEMENTS = 40,000
            for (int s = 0; s < statements; s++) {
                sum += effectiveWeight[s] * (SPAN - Math.abs(effectiveAnswer[s] - positions[base + s]));
            }
            scratch.points[p] = sum;
        }
        return answered;
    }

    /** Insertion sort by points, descending; stable, so ties keep election order. */
    private static void rank(int[] ranking, long[] points) {
        for (int i = 1; i < ranking.length; i++) {
            int party = ranking[i];
            int j = i - 1;
            while (j >= 0 && points[ranking[j]] < points[party]) {
                ranking[j + 1] = ranking[j];
                j--;
            }
            ranking[j + 1] = party;
        }
    }

    /** Per-thread working arrays for {@link #match}. Not thread-safe. */
    public static final class Scratch {

        final int[] effectiveWeight;

        final int[] effectiveAnswer;

        final long[] points;

        long answeredWeight;

        Scratch(int statements, int parties) {
            this.effectiveWeight = new int[statements];
            this.effectiveAnswer = new int[statements];
            this.points = new long[parties];
        }
    }
}
