package dev.msgsuite.saver.jobs;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JobStore {

    private final JdbcClient jdbc;

    JobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(String jobId, String electionId, int total, int batches, int batchSize, Instant createdAt) {
        this.jdbc.sql("insert into jobs (id, election_id, total, batches, batch_size, created_at) values (?, ?, ?, ?, ?, ?)")
                .params(jobId, electionId, total, batches, batchSize, Timestamp.from(createdAt)).update();
    }

    Optional<JobStatus> status(String jobId) {
        return this.jdbc.sql("""
                select j.id, j.election_id, j.total, j.batches, j.created_at,
                       (select coalesce(sum(r.answer_sets), 0) from result_batches r where r.job_id = j.id) as done,
                       (select coalesce(sum(f.failed), 0) from failed_batches f where f.job_id = j.id) as failed,
                       (select max(r.stored_at) from result_batches r where r.job_id = j.id) as last_result
                from jobs j where j.id = ?""").param(jobId).query((rs, row) -> {
            Instant created = rs.getObject("created_at", OffsetDateTime.class).toInstant();
            OffsetDateTime last = rs.getObject("last_result", OffsetDateTime.class);
            long done = rs.getLong("done");
            return JobStatus.of(rs.getString("id"), rs.getString("election_id"), rs.getInt("total"), rs.getInt("batches"),
                    done, rs.getLong("failed"), created, last == null ? null : last.toInstant());
        }).optional();
    }

    /**
     * @param jobId the job
     * @param electionId its election
     * @param total answer sets submitted
     * @param batches job messages they were split into
     * @param done answer sets whose result is stored
     * @param failed answer sets that could not be computed (their batch is in the dead-letter queue)
     * @param complete whether every answer set is done or failed
     * @param createdAt when the job was submitted
     * @param lastResultAt when the latest result was stored
     * @param resultsPerSecond stored results per second from submission to the latest result
     */
    record JobStatus(String jobId, String electionId, int total, int batches, long done, long failed, boolean complete,
            Instant createdAt, @Nullable Instant lastResultAt, double resultsPerSecond) {

        static JobStatus of(String jobId, String electionId, int total, int batches, long done, long failed,
                Instant createdAt, @Nullable Instant lastResultAt) {
            double seconds = lastResultAt == null ? 0 : Duration.between(createdAt, lastResultAt).toNanos() / 1e9;
            double rate = seconds > 0 ? Math.round(done / seconds * 10) / 10.0 : 0;
            return new JobStatus(jobId, electionId, total, batches, done, failed, done + failed >= total, createdAt,
                    lastResultAt, rate);
        }
    }
}
