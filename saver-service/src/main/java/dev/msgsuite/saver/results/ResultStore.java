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
import java.util.List;
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
                                        answered, max_points, points, stored_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""";

    private static final String INSERT_FAILURE = """
            insert into failed_batches (job_id, batch_index, failed, node_id, reason, stored_at)
            values (?, ?, ?, ?, ?, ?) on conflict do nothing""";

    private final JdbcTemplate jdbcTemplate;

    private final JdbcClient jdbc;

    private final boolean postgres;

    ResultStore(JdbcTemplate jdbcTemplate, JdbcClient jdbc, DataSource dataSource) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
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

    /** Writes well-formed result messages in one transaction; returns the answer sets they hold. */
    @Transactional
    public int write(List<ComputeResult> results) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>(results.size());
        List<Object[]> failures = new ArrayList<>();
        int answerSets = 0;
        for (ComputeResult result : results) {
            if (result.computed() > 0) {
                rows.add(new Object[] { result.jobId(), result.batchIndex(), result.firstIndex(), result.computed(),
                        result.parties(), result.nodeId(), array(result.answered()), array(result.maxPoints()),
                        array(result.points()), now });
                answerSets += result.computed();
            }
            if (result.failed() > 0) {
                failures.add(new Object[] { result.jobId(), result.batchIndex(), result.failed(), result.nodeId(),
                        truncate(String.valueOf(result.error())), now });
            }
        }
        if (!rows.isEmpty()) {
            this.jdbcTemplate.batchUpdate(INSERT_RESULT, rows);
        }
        if (!failures.isEmpty()) {
            this.jdbcTemplate.batchUpdate(INSERT_FAILURE, failures);
        }
        return answerSets;
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

        private static String partyId(@Nullable Election election, int party) {
            if (election != null && party < election.parties().size()) {
                return election.parties().get(party).id();
            }
            return "#" + party;
        }
    }
}
