package dev.msgsuite.contracts.compute;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a node computed for one {@link ComputeJob}: either one {@link Match} per answer set,
 * or, when the batch could not be computed (it went to the dead-letter queue), the count of
 * failed answer sets and why.
 *
 * @param jobId the job
 * @param batchIndex the batch within the job
 * @param electionId the election matched against
 * @param nodeId the node that computed it
 * @param matches one per answer set, in batch order
 * @param failed answer sets of this batch that could not be computed
 * @param error why they failed, null when none did
 */
public record ComputeResult(String jobId, int batchIndex, String electionId, String nodeId, List<Match> matches,
        int failed, @Nullable String error) {

    /** The id of a result row: a job and the job-wide index of an answer set. */
    public static String resultId(String jobId, int answerIndex) {
        return jobId + "/" + answerIndex;
    }

    /**
     * The match of one answer set against every party.
     *
     * @param index job-wide index of the answer set
     * @param answered statements the user had an opinion on
     * @param agreement per party in election order, 0..100 percent (0 when nothing was answered)
     * @param ranking party indexes, best agreement first, ties in election order
     */
    public record Match(int index, int answered, double[] agreement, int[] ranking) {
    }
}
