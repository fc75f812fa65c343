package dev.msgsuite.compute.matching;

import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.support.logging.LogSafe;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An election compiled for matching: positions and weights in flat primitive arrays.
 * Agreement with a party is exact integer arithmetic: on each answered statement the
 * user and the party are {@code 4 - |answer - position|} points apart from full
 * disagreement, times the statement weight; full agreement is {@code 4 * answered weight}
 * points, and the percentage divides by that once, only when it is shown. Immutable and
 * safe to share between threads.
 */
public final class MatchingModel {

    private static final int SPAN = Election.MAX_POSITION - Election.MIN_POSITION;

    /** Problems named when an election is refused; the count of the rest follows. */
    static final int PROBLEMS_SHOWN = 10;

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

    /**
     * Compiles a valid election; rejects an invalid one with its problems (the first
     * {@value #PROBLEMS_SHOWN}, and how many more).
     */
    public static MatchingModel compile(Election election) {
        String outOfBounds = dimensionProblem(election);
        if (outOfBounds != null) {
            throw new IllegalArgumentException("Invalid election " + LogSafe.escape(election.id(), 64) + ": " + outOfBounds);
        }
        List<String> problems = election.problems();
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(problems.size(), PROBLEMS_SHOWN)));
            throw new IllegalArgumentException("Invalid election " + LogSafe.escape(election.id(), 64) + ": " + shown
                    + (problems.size() > PROBLEMS_SHOWN ? "; and " + (problems.size() - PROBLEMS_SHOWN) + " more" : ""));
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

    /**
     * The sizes checked before anything else, so an election read from a message cannot make
     * {@link Election#problems()} list a problem per position of a huge party.
     */
    private static @Nullable String dimensionProblem(Election election) {
        List<Election.Statement> statements = election.statements();
        if (statements == null || statements.isEmpty() || statements.size() > Election.MAX_STATEMENTS) {
            return "statements must hold 1 to " + Election.MAX_STATEMENTS + " statements";
        }
        List<Election.Party> parties = election.parties();
        if (parties == null || parties.isEmpty() || parties.size() > Election.MAX_PARTIES) {
            return "parties must hold 1 to " + Election.MAX_PARTIES + " parties";
        }
        for (int p = 0; p < parties.size(); p++) {
            Election.Party party = parties.get(p);
            if (party != null && party.positions() != null && party.positions().size() != statements.size()) {
                return "parties[" + p + "].positions has " + party.positions().size() + " positions for " + statements.size()
                        + " statements";
            }
        }
        return null;
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
        return new Scratch(this.statements);
    }

    /**
     * Matches one valid answer set (see {@link #problemWith}) and returns its agreement
     * and ranking.
     */
    public Match match(int index, int[] answers, Scratch scratch) {
        int[] points = new int[this.parties];
        int answered = score(answers, points, 0, scratch);
        int maxPoints = scratch.maxPoints;
        double[] agreement = new double[this.parties];
        for (int p = 0; p < this.parties; p++) {
            agreement[p] = ComputeResult.agreement(points[p], maxPoints);
        }
        return new Match(index, answered, maxPoints, points, agreement, ComputeResult.ranking(points, 0, this.parties));
    }

    /**
     * Scores valid answer sets into columns, as {@link ComputeResult} carries them: for answer
     * set {@code i}, {@code answered[i]}, {@code maxPoints[i]} and its parties' points from
     * {@code points[i * parties]}. No allocation.
     */
    public void scoreAll(int[][] answerSets, int[] answered, int[] maxPoints, int[] points, Scratch scratch) {
        for (int i = 0; i < answerSets.length; i++) {
            answered[i] = score(answerSets[i], points, i * this.parties, scratch);
            maxPoints[i] = scratch.maxPoints;
        }
    }

    public int parties() {
        return this.parties;
    }

    /** Roughly the heap this model holds: its arrays, and its party ids at their longest. */
    public long footprintBytes() {
        return 4L * (this.weights.length + this.positions.length) + 200L * this.parties + 256;
    }

    /**
     * Writes each party's agreement points from {@code points[offset]}, leaves the points of
     * full agreement in {@code scratch.maxPoints} and returns how many statements were
     * answered. Branch-free inner loops over int arrays so the JIT can vectorise them.
     */
    int score(int[] answers, int[] points, int offset, Scratch scratch) {
        int[] effectiveWeight = scratch.effectiveWeight;
        int[] effectiveAnswer = scratch.effectiveAnswer;
        int answered = 0;
        int answeredWeight = 0;
        for (int s = 0; s < this.statements; s++) {
            int answer = answers[s];
            boolean opinion = answer != ComputeJob.NO_OPINION;
            effectiveWeight[s] = opinion ? this.weights[s] : 0;
            effectiveAnswer[s] = opinion ? answer : 0;
            answered += opinion ? 1 : 0;
            answeredWeight += effectiveWeight[s];
        }
        // at most MAX_WEIGHT * SPAN * MAX_STATEMENTS = 40,000: ints throughout
        scratch.maxPoints = SPAN * answeredWeight;
        int[] positions = this.positions;
        int statements = this.statements;
        for (int p = 0; p < this.parties; p++) {
            int base = p * statements;
            int sum = 0;
            for (int s = 0; s < statements; s++) {
                sum += effectiveWeight[s] * (SPAN - Math.abs(effectiveAnswer[s] - positions[base + s]));
            }
            points[offset + p] = sum;
        }
        return answered;
    }

    /** Per-thread working arrays for {@link #match}. Not thread-safe. */
    public static final class Scratch {

        final int[] effectiveWeight;

        final int[] effectiveAnswer;

        int maxPoints;

        Scratch(int statements) {
            this.effectiveWeight = new int[statements];
            this.effectiveAnswer = new int[statements];
        }
    }
}
