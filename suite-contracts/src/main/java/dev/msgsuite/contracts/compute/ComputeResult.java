package dev.msgsuite.contracts.compute;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a node computed for one {@link ComputeJob}, in columns: per answer set the statements
 * answered and the points of full agreement, and per answer set and party the agreement
 * points. Points are exact integers; the agreement percentage and the ranking follow from
 * them ({@link #agreement}, {@link #ranking}), so the message stays small and nothing is
 * rounded on the way. When the batch could not be computed (it went to the dead-letter
 * queue) the columns are empty and {@code failed} says how many answer sets it held.
 *
 * @param jobId the job
 * @param batchIndex the batch within the job
 * @param electionId the election matched against
 * @param nodeId the node that computed it
 * @param firstIndex job-wide index of the batch's first answer set
 * @param parties parties of the election: the stride of {@code points}
 * @param answered per answer set, the statements the user had an opinion on
 * @param maxPoints per answer set, the points of full agreement with every answered statement
 * (4 per unit of weight); 0 when nothing was answered
 * @param points per answer set then party: {@code points[i * parties + p]} is how many points
 * answer set {@code i} agrees with party {@code p} (0..maxPoints[i])
 * @param failed answer sets of this batch that could not be computed
 * @param error why they failed, null when none did
 */
public record ComputeResult(String jobId, int batchIndex, String electionId, String nodeId, int firstIndex,
        int parties, int[] answered, int[] maxPoints, int[] points, int failed, @Nullable String error) {

    /** Longest job id: a UUID, as the store keeps it. */
    public static final int MAX_JOB_ID_LENGTH = 36;

    /** Longest election id (see {@link Election}). */
    public static final int MAX_ELECTION_ID_LENGTH = 64;

    /** Longest node id, as the store keeps it. */
    public static final int MAX_NODE_ID_LENGTH = 200;

    /** A batch whose answer sets could not be computed. */
    public static ComputeResult failure(String jobId, int batchIndex, String electionId, String nodeId, int firstIndex,
            int answerSets, String error) {
        return new ComputeResult(jobId, batchIndex, electionId, nodeId, firstIndex, 0, new int[0], new int[0], new int[0],
                answerSets, error);
    }

    /**
     * The {@code error} of a batch skipped because its job was cancelled: reported as failed
     * answer sets with this reason, and counted as cancelled, not failed, by the store.
     */
    public static final String CANCELLED = "cancelled";

    /** A batch of a cancelled job, acknowledged without computing it. */
    public static ComputeResult cancelled(String jobId, int batchIndex, String electionId, String nodeId, int firstIndex,
            int answerSets) {
        return failure(jobId, batchIndex, electionId, nodeId, firstIndex, answerSets, CANCELLED);
    }

    /** Whether the result reports a batch skipped because its job was cancelled (static: not a JSON property). */
    public static boolean isCancellation(ComputeResult result) {
        return result.failed() > 0 && result.answered().length == 0 && CANCELLED.equals(result.error());
    }

    /** The id of one answer set's result: a job and the job-wide index of the answer set. */
    public static String resultId(String jobId, int answerIndex) {
        return jobId + "/" + answerIndex;
    }

    /** Agreement in percent, 0..100 (0 when nothing was answered). */
    public static double agreement(int points, int maxPoints) {
        return maxPoints == 0 ? 0.0 : (points * 100.0) / maxPoints;
    }

    /**
     * Party indexes, most points first; ties keep election order.
     *
     * @param points agreement points, {@code parties} of them from {@code offset}
     */
    public static int[] ranking(int[] points, int offset, int parties) {
        int[] ranking = new int[parties];
        for (int p = 0; p < parties; p++) {
            ranking[p] = p;
        }
        // insertion sort: stable, and fast for the few parties an election has
        for (int i = 1; i < parties; i++) {
            int party = ranking[i];
            int j = i - 1;
            while (j >= 0 && points[offset + ranking[j]] < points[offset + party]) {
                ranking[j + 1] = ranking[j];
                j--;
            }
            ranking[j + 1] = party;
        }
        return ranking;
    }

    /** Every way this message is not a well-formed result; empty when it is one. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (isBlank(this.jobId) || isBlank(this.electionId) || isBlank(this.nodeId)) {
            problems.add("jobId, electionId and nodeId are required");
        }
        else if (this.jobId.length() > MAX_JOB_ID_LENGTH || this.electionId.length() > MAX_ELECTION_ID_LENGTH
                || this.nodeId.length() > MAX_NODE_ID_LENGTH) {
            problems.add("jobId, electionId and nodeId hold at most " + MAX_JOB_ID_LENGTH + ", " + MAX_ELECTION_ID_LENGTH + " and "
                    + MAX_NODE_ID_LENGTH + " characters");
        }
        if (this.batchIndex < 0 || this.firstIndex < 0) {
            problems.add("batchIndex and firstIndex must not be negative");
        }
        if (this.failed < 0) {
            problems.add("failed must not be negative");
        }
        if (this.answered == null || this.maxPoints == null || this.points == null) {
            problems.add("answered, maxPoints and points are required (empty for a failed batch)");
            return problems;
        }
        int answerSets = this.answered.length;
        if (answerSets + this.failed == 0) {
            problems.add("a result holds at least one answer set or failure");
        }
        if (answerSets > 0 && (this.parties < 1 || this.parties > Election.MAX_PARTIES)) {
            problems.add("parties must be 1.." + Election.MAX_PARTIES);
            return problems;
        }
        if (this.maxPoints.length != answerSets || this.points.length != (long) answerSets * Math.max(this.parties, 0)) {
            problems.add("answered and maxPoints need one entry per answer set and points one per answer set and party, "
                    + "but there are " + answerSets + ", " + this.maxPoints.length + " and " + this.points.length
                    + " for " + this.parties + " parties");
            return problems;
        }
        for (int i = 0; i < answerSets; i++) {
            if (this.answered[i] < 0 || this.maxPoints[i] < 0) {
                problems.add("answer set " + i + ": answered and maxPoints must not be negative");
                break;
            }
            for (int p = 0; p < this.parties; p++) {
                int value = this.points[i * this.parties + p];
                if (value < 0 || value > this.maxPoints[i]) {
                    problems.add("answer set " + i + ", party " + p + ": points " + value + " outside 0.." + this.maxPoints[i]);
                    return problems;
                }
            }
        }
        return problems;
    }

    /** Answer sets computed in this batch. */
    public int computed() {
        return this.answered == null ? 0 : this.answered.length;
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
