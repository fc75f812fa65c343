package dev.msgsuite.contracts.compute;

/**
 * One batch of a job: answer sets to match against an election. The unit of work a node
 * takes from the jobs queue and acknowledges.
 *
 * @param jobId the job this batch belongs to
 * @param batchIndex 0-based position of the batch in the job
 * @param electionId the election to match against
 * @param firstIndex job-wide index of the first answer set of this batch
 * @param answers one row per answer set, one answer per statement: -2..+2 or {@link #NO_OPINION}
 */
public record ComputeJob(String jobId, int batchIndex, String electionId, int firstIndex, int[][] answers) {

    /** "No opinion" on the wire (the survey coding convention for a missing answer). */
    public static final int NO_OPINION = 9;
}
