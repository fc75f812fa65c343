package dev.msgsuite.saver.results;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The jobs that results belong to, as far as results need them. The jobs feature owns the
 * {@code jobs} table and implements this; results never read or write that table themselves.
 */
public interface JobLedger {

    /** The job's election and counts; empty for a job nobody submitted. */
    Optional<JobCounts> find(String jobId);

    /**
     * Adds what newly stored results contribute to their jobs' counts, in the caller's
     * transaction, so counts and results are committed (or not) together.
     *
     * @param at when the results were stored: a job's latest result time where it has new {@code done}
     */
    void add(List<Added> added, Instant at);

    /**
     * @param electionId the election the job matches against
     * @param total answer sets submitted
     * @param done answer sets whose result is stored
     * @param failed answer sets that could not be computed
     * @param cancelled answer sets skipped because the job was cancelled
     */
    record JobCounts(String electionId, int total, long done, long failed, long cancelled) {
    }

    /**
     * @param jobId the job
     * @param done answer sets newly stored
     * @param failed answer sets newly reported failed
     * @param cancelled answer sets newly reported skipped
     */
    record Added(String jobId, long done, long failed, long cancelled) {
    }
}
