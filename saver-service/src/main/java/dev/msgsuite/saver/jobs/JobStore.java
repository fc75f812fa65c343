package dev.msgsuite.saver.jobs;

import dev.msgsuite.saver.results.JobLedger;
import dev.msgsuite.saver.results.JobSummaries;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The {@code jobs} table: this feature's own, and what results add to through the {@link JobLedger}. */
@Component
class JobStore implements JobLedger {

    private static final String ADD_COUNTS = """
            update jobs set done = done + ?, failed = failed + ?, cancelled = cancelled + ?,
                            last_result_at = case when ? then ? else last_result_at end
            where id = ?""";

    private final JdbcClient jdbc;

    private final JobSummaries summaries;

    JobStore(JdbcClient jdbc, JobSummaries summaries) {
        this.jdbc = jdbc;
        this.summaries = summaries;
    }

    /** The job and its summary, which results then add to. */
    @Transactional
    void add(String jobId, String electionId, int total, int batches, int batchSize, int parties, Instant createdAt) {
        this.jdbc.sql("insert into jobs (id, election_id, total, batches, batch_size, created_at) values (?, ?, ?, ?, ?, ?)")
                .params(jobId, electionId, total, batches, batchSize, Timestamp.from(createdAt)).update();
        this.summaries.start(jobId, parties);
    }

    @Override
    public Optional<JobCounts> find(String jobId) {
        return this.jdbc.sql("select election_id, total, done, failed, cancelled from jobs where id = ?").param(jobId)
                .query((rs, row) -> new JobCounts(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .optional();
    }

    @Override
    public void add(List<Added> added, Instant at) {
        Timestamp stored = Timestamp.from(at);
        for (Added job : added) {
            this.jdbc.sql(ADD_COUNTS).params(job.done(), job.failed(), job.cancelled(), job.done() > 0, stored, job.jobId())
                    .update();
        }
    }

    /** Marks the job cancelled; false when it was already. */
    boolean cancel(String jobId, Instant at) {
        return this.jdbc.sql("update jobs set cancelled_at = ? where id = ? and cancelled_at is null")
                .params(Timestamp.from(at), jobId).update() == 1;
    }

    Optional<JobStatus> status(String jobId) {
        return this.jdbc.sql("select " + COLUMNS + " from jobs where id = ?").param(jobId).query(JobStore::status).optional();
    }

    /** Newest first, optionally of one election and in one state. */
    List<JobStatus> list(@Nullable String electionId, @Nullable JobState state, int page, int size) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from jobs where 1 = 1");
        List<Object> params = new ArrayList<>();
        where(sql, params, electionId, state);
        sql.append(" order by created_at desc, id limit ? offset ?");
        params.add(size);
        params.add((long) page * size);
        return this.jdbc.sql(sql.toString()).params(params).query(JobStore::status).list();
    }

    long count(@Nullable String electionId, @Nullable JobState state) {
        StringBuilder sql = new StringBuilder("select count(*) from jobs where 1 = 1");
        List<Object> params = new ArrayList<>();
        where(sql, params, electionId, state);
        return this.jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    private static void where(StringBuilder sql, List<Object> params, @Nullable String electionId, @Nullable JobState state) {
        if (electionId != null) {
            sql.append(" and election_id = ?");
            params.add(electionId);
        }
        if (state != null) {
            sql.append(" and ").append(state.condition);
        }
    }

    private static final String COLUMNS = "id, election_id, total, batches, created_at, done, failed, cancelled, cancelled_at, last_result_at";

    private static JobStatus status(ResultSet rs, int row) throws SQLException {
        Instant created = rs.getObject("created_at", OffsetDateTime.class).toInstant();
        OffsetDateTime last = rs.getObject("last_result_at", OffsetDateTime.class);
        return JobStatus.of(rs.getString("id"), rs.getString("election_id"), rs.getInt("total"), rs.getInt("batches"),
                rs.getLong("done"), rs.getLong("failed"), rs.getLong("cancelled"), rs.getObject("cancelled_at") != null,
                created, last == null ? null : last.toInstant());
    }

    /** The states a job is listed by; a job is in exactly one. */
    enum JobState {

        /** Results still expected. */
        RUNNING("cancelled_at is null and done + failed < total"),
        /** Every answer set computed and stored. */
        COMPLETE("cancelled_at is null and done + failed >= total and failed = 0"),
        /** Finished, with answer sets that could not be computed (their batches are dead letters). */
        FAILED("cancelled_at is null and done + failed >= total and failed > 0"),
        /** Cancelled by an operator: its remaining batches are skipped. */
        CANCELLED("cancelled_at is not null");

        private final String condition;

        JobState(String condition) {
            this.condition = condition;
        }

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static @Nullable JobState parse(@Nullable String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            for (JobState state : values()) {
                if (state.value().equals(value)) {
                    return state;
                }
            }
            throw new IllegalArgumentException(value);
        }
    }

    /**
     * @param jobId the job
     * @param electionId its election
     * @param total answer sets submitted
     * @param batches job messages they were split into
     * @param done answer sets whose result is stored
     * @param failed answer sets that could not be computed (their batch is in the dead-letter queue)
     * @param complete whether every answer set is done, failed or cancelled
     * @param createdAt when the job was submitted
     * @param lastResultAt when the latest result was stored
     * @param resultsPerSecond stored results per second from submission to the latest result
     * @param cancelled answer sets skipped because the job was cancelled
     * @param state running, complete, failed (finished with answer sets not computed) or cancelled
     * @param progress done, failed and cancelled answer sets per answer set, 0..1
     */
    record JobStatus(String jobId, String electionId, int total, int batches, long done, long failed, boolean complete,
            Instant createdAt, @Nullable Instant lastResultAt, double resultsPerSecond, long cancelled, String state,
            double progress) {

        static JobStatus of(String jobId, String electionId, int total, int batches, long done, long failed, long cancelled,
                boolean cancelledByOperator, Instant createdAt, @Nullable Instant lastResultAt) {
            double seconds = lastResultAt == null ? 0 : Duration.between(createdAt, lastResultAt).toNanos() / 1e9;
            double rate = seconds > 0 ? Math.round(done / seconds * 10) / 10.0 : 0;
            boolean finished = done + failed + cancelled >= total;
            JobState state = cancelledByOperator ? JobState.CANCELLED
                    : done + failed < total ? JobState.RUNNING : failed > 0 ? JobState.FAILED : JobState.COMPLETE;
            double progress = total == 0 ? 1 : Math.min(1, Math.floor((done + failed + cancelled) * 1000.0 / total) / 1000);
            return new JobStatus(jobId, electionId, total, batches, done, failed, finished, createdAt, lastResultAt, rate,
                    cancelled, state.value(), progress);
        }
    }
}
