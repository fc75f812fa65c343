package dev.msgsuite.saver.results;

import com.zaxxer.hikari.HikariDataSource;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Results in the database, a row per result message (one job batch), so a redelivered
 * message hits the key (job, batch) and never becomes a second row. Answer sets are read
 * back one by one: their agreement and ranking follow from the stored points.
 */
@Component
public class ResultStore {

    // "on conflict do nothing" without a target is what H2 accepts in PostgreSQL mode; plain
    // values let the PostgreSQL driver turn a batch into multi-row inserts (reWriteBatchedInserts)
    private static final String INSERT_RESULT = """
            insert into result_batches (job_id, batch_index, first_index, answer_sets, parties, node_id,
                                        answered, max_points, points, stored_at, write_token)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""";

    private static final String INSERT_FAILURE = """
            insert into failed_batches (job_id, batch_index, failed, node_id, reason, stored_at, write_token, cancelled)
            values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""";

    private static final String UPDATE_SUMMARY = """
            update job_summaries set answer_sets = answer_sets + ?, agreement_micros = agreement_micros + ?,
                first_places = first_places + ?, h0 = h0 + ?, h1 = h1 + ?, h2 = h2 + ?, h3 = h3 + ?, h4 = h4 + ?,
                h5 = h5 + ?, h6 = h6 + ?, h7 = h7 + ?, h8 = h8 + ?, h9 = h9 + ?
            where job_id = ? and party = ?""";

    private final JdbcTemplate jdbcTemplate;

    private final JdbcClient jdbc;

    private final JobLedger jobs;

    private final boolean postgres;

    ResultStore(JdbcTemplate jdbcTemplate, JdbcClient jdbc, DataSource dataSource, JobLedger jobs) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.postgres = isPostgres(dataSource);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                // no connection needed: the database may still be starting
                String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
                return url != null && url.startsWith("jdbc:postgresql:");
            }
            try (Connection connection = dataSource.getConnection()) {
                return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            }
        }
        catch (SQLException ex) {
            return false;
        }
    }

    /**
     * Writes well-formed result messages in one transaction, and with them what they add to
     * their jobs' counts (through the {@link JobLedger}) and summaries; returns the answer sets
     * they hold. Only the rows this transaction inserted count: a redelivered message hits the
     * key and adds nothing.
     */
    @Transactional
    public int write(List<ComputeResult> results) {
        Timestamp now = Timestamp.from(Instant.now());
        long token = ThreadLocalRandom.current().nextLong();
        List<Object[]> rows = new ArrayList<>(results.size());
        List<Object[]> failures = new ArrayList<>();
        int answerSets = 0;
        for (ComputeResult result : results) {
            if (result.computed() > 0) {
                rows.add(new Object[] { result.jobId(), result.batchIndex(), result.firstIndex(), result.computed(),
                        result.parties(), result.nodeId(), array(result.answered()), array(result.maxPoints()),
                        array(result.points()), now, token });
                answerSets += result.computed();
            }
            if (result.failed() > 0) {
                failures.add(new Object[] { result.jobId(), result.batchIndex(), result.failed(), result.nodeId(),
                        truncate(String.valueOf(result.error())), now, token, ComputeResult.isCancellation(result) });
            }
        }
        if (!rows.isEmpty()) {
            this.jdbcTemplate.batchUpdate(INSERT_RESULT, rows);
        }
        if (!failures.isEmpty()) {
            this.jdbcTemplate.batchUpdate(INSERT_FAILURE, failures);
        }
        summarize(results, token, now);
        return answerSets;
    }

    private void summarize(List<ComputeResult> results, long token, Timestamp now) {
        // sorted, so two instances writing results of the same jobs lock their rows in one order
        Map<String, JobSummary.Delta> deltas = new TreeMap<>();
        Map<String, List<ComputeResult>> byJob = new TreeMap<>();
        for (ComputeResult result : results) {
            byJob.computeIfAbsent(result.jobId(), job -> new ArrayList<>()).add(result);
        }
        for (Map.Entry<String, List<ComputeResult>> job : byJob.entrySet()) {
            Set<Integer> storedHere = insertedBy(token, "result_batches", job.getKey(), job.getValue());
            Set<Integer> failedHere = insertedBy(token, "failed_batches", job.getKey(), job.getValue());
            JobSummary.Delta delta = new JobSummary.Delta();
            for (ComputeResult result : job.getValue()) {
                // removed once counted: a message twice in one batch is inserted (and counted) once
                if (result.computed() > 0 && storedHere.remove(result.batchIndex())) {
                    delta.add(result);
                }
                if (result.failed() > 0 && failedHere.remove(result.batchIndex())) {
                    if (ComputeResult.isCancellation(result)) {
                        delta.cancelled += result.failed();
                    }
                    else {
                        delta.failed += result.failed();
                    }
                }
            }
            deltas.put(job.getKey(), delta);
        }
        List<JobLedger.Added> jobUpdates = new ArrayList<>();
        List<Object[]> summaryUpdates = new ArrayList<>();
        deltas.forEach((jobId, delta) -> {
            if (delta.done > 0 || delta.failed > 0 || delta.cancelled > 0) {
                jobUpdates.add(new JobLedger.Added(jobId, delta.done, delta.failed, delta.cancelled));
            }
            for (int party = 0; party < delta.parties(); party++) {
                Object[] update = new Object[15];
                update[0] = delta.answerSets[party];
                update[1] = delta.agreementMicros[party];
                update[2] = delta.firstPlaces[party];
                for (int b = 0; b < JobSummary.BUCKETS; b++) {
                    update[3 + b] = delta.histogram[party][b];
                }
                update[13] = jobId;
                update[14] = party;
                summaryUpdates.add(update);
            }
        });
        if (!jobUpdates.isEmpty()) {
            this.jobs.add(jobUpdates, now.toInstant());
        }
        if (!summaryUpdates.isEmpty()) {
            this.jdbcTemplate.batchUpdate(UPDATE_SUMMARY, summaryUpdates);
        }
    }

    /** Batches of the job this transaction inserted (not the ones that were there already). */
    private Set<Integer> insertedBy(long token, String table, String jobId, List<ComputeResult> results) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (ComputeResult result : results) {
            min = Math.min(min, result.batchIndex());
            max = Math.max(max, result.batchIndex());
        }
        return new HashSet<>(this.jdbc.sql("select batch_index from " + table
                + " where job_id = ? and batch_index between ? and ? and write_token = ?")
                .params(jobId, min, max, token).query(Integer.class).list());
    }

    /**
     * The stored results of answer sets {@code page * size} up to {@code (page + 1) * size}
     * (exclusive) of a job, in answer-set order; those not stored (yet) are absent.
     */
    List<StoredResult> page(String jobId, int page, int size, Optional<Election> election) {
        long from = (long) page * size;
        long to = from + size;
        List<StoredResult> items = new ArrayList<>(size);
        this.jdbc.sql("""
                select first_index, answer_sets, parties, node_id, answered, max_points, points from result_batches
                where job_id = ? and first_index < ? and first_index + answer_sets > ? order by first_index""")
                .params(jobId, to, from)
                .query((ResultSet rs) -> {
                    int first = rs.getInt("first_index");
                    int parties = rs.getInt("parties");
                    String nodeId = rs.getString("node_id");
                    int[] answered = ints(rs.getArray("answered"));
                    int[] maxPoints = ints(rs.getArray("max_points"));
                    int[] points = ints(rs.getArray("points"));
                    for (int i = 0; i < answered.length; i++) {
                        long index = first + i;
                        if (index >= from && index < to) {
                            items.add(StoredResult.of(jobId, first + i, nodeId, answered[i], maxPoints[i],
                                    Arrays.copyOfRange(points, i * parties, (i + 1) * parties), election));
                        }
                    }
                });
        return items;
    }

    /** The job's summary as results have added to it: a few rows whatever the job's size. */
    Optional<JobSummary> summary(String jobId, Optional<Election> election) {
        return this.jobs.find(jobId).map(j -> {
            List<JobSummary.Party> parties = this.jdbc.sql("""
                    select party, answer_sets, agreement_micros, first_places, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9
                    from job_summaries where job_id = ? order by party""").param(jobId).query((rs, row) -> {
                int party = rs.getInt("party");
                long answerSets = rs.getLong("answer_sets");
                long firstPlaces = rs.getLong("first_places");
                long[] histogram = new long[JobSummary.BUCKETS];
                for (int b = 0; b < histogram.length; b++) {
                    histogram[b] = rs.getLong("h" + b);
                }
                double mean = answerSets == 0 ? 0 : rs.getLong("agreement_micros") / 1e6 / answerSets;
                double share = answerSets == 0 ? 0 : (double) firstPlaces / answerSets;
                Election e = election.orElse(null);
                String name = e != null && party < e.parties().size() ? e.parties().get(party).name() : "#" + party;
                return new JobSummary.Party(StoredResult.partyId(e, party), name, answerSets, mean, firstPlaces, share,
                        histogram);
            }).list();
            return new JobSummary(jobId, j.electionId(), j.total(), j.done(),
                    j.done() + j.failed() + j.cancelled() >= j.total(), parties);
        });
    }

    /**
     * Hands every stored answer set of the job, in index order, to {@code row}, reading the
     * rows through a cursor ({@code fetchSize} result messages at a time) so memory stays
     * constant whatever the job's size; call it within a (read-only) transaction, without
     * which PostgreSQL's driver reads everything at once.
     */
    void each(String jobId, int fetchSize, AnswerSetConsumer row) {
        JdbcTemplate cursor = new JdbcTemplate(this.jdbcTemplate.getDataSource());
        cursor.setFetchSize(fetchSize);
        cursor.query("select first_index, parties, answered, max_points, points from result_batches"
                + " where job_id = ? order by first_index", (ResultSet rs) -> {
                    int first = rs.getInt("first_index");
                    int parties = rs.getInt("parties");
                    int[] answered = ints(rs.getArray("answered"));
                    int[] maxPoints = ints(rs.getArray("max_points"));
                    int[] points = ints(rs.getArray("points"));
                    for (int i = 0; i < answered.length; i++) {
                        row.accept(first + i, answered[i], maxPoints[i], points, i * parties, parties);
                    }
                }, jobId);
    }

    interface AnswerSetConsumer {

        void accept(int index, int answered, int maxPoints, int[] points, int offset, int parties);
    }

    /** Answer sets of a job whose result is stored. */
    long count(String jobId) {
        return this.jdbc.sql("select coalesce(sum(answer_sets), 0) from result_batches where job_id = ?").param(jobId)
                .query(Long.class).single();
    }

    /** PostgreSQL's driver sends a primitive int[] as int4[] in binary; H2 takes boxed elements. */
    private Object array(int[] values) {
        if (this.postgres) {
            return values;
        }
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static int[] ints(Array array) throws SQLException {
        try {
            Object[] values = (Object[]) array.getArray();
            int[] ints = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                ints[i] = ((Number) values[i]).intValue();
            }
            return ints;
        }
        finally {
            array.free();
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }

    /**
     * A stored result of one answer set.
     *
     * @param resultId job id and answer-set index
     * @param index the answer set's index in the job
     * @param nodeId the node that computed it
     * @param answered statements the user had an opinion on
     * @param maxPoints points of full agreement (4 per unit of weight of the answered statements)
     * @param points agreement points per party, in the election's party order (exact)
     * @param agreement percent per party, in the election's party order
     * @param ranking party ids, best match first, ties in election order
     */
    record StoredResult(String resultId, int index, String nodeId, int answered, int maxPoints, int[] points,
            double[] agreement, List<String> ranking) {

        static StoredResult of(String jobId, int index, String nodeId, int answered, int maxPoints, int[] points,
                Optional<Election> election) {
            double[] agreement = new double[points.length];
            for (int p = 0; p < points.length; p++) {
                agreement[p] = ComputeResult.agreement(points[p], maxPoints);
            }
            List<String> ranking = new ArrayList<>(points.length);
            for (int party : ComputeResult.ranking(points, 0, points.length)) {
                ranking.add(partyId(election.orElse(null), party));
            }
            return new StoredResult(ComputeResult.resultId(jobId, index), index, nodeId, answered, maxPoints, points,
                    agreement, ranking);
        }

        static String partyId(@Nullable Election election, int party) {
            if (election != null && party < election.parties().size()) {
                return election.parties().get(party).id();
            }
            return "#" + party;
        }
    }
}
