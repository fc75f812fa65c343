package dev.msgsuite.saver.results;

import com.zaxxer.hikari.HikariDataSource;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.ComputeResult.Match;
import dev.msgsuite.contracts.compute.Election;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Result rows in the database. Inserting is idempotent on the result id (job and answer-set
 * index; job and batch for failures), so a redelivered message never becomes a second row.
 */
@Component
public class ResultStore {

    // "on conflict do nothing" without a target is what H2 accepts in PostgreSQL mode; plain
    // values let the PostgreSQL driver turn a batch into multi-row inserts (reWriteBatchedInserts)
    private static final String INSERT_RESULT = """
            insert into results (job_id, answer_index, node_id, answered, best_party, agreement, ranking, stored_at)
            values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""";

    /** PostgreSQL: a whole batch as one JSON parameter, unpacked by the server (far less per-row work than bound parameters). */
    private static final String INSERT_RESULTS_AS_JSON = """
            insert into results (job_id, answer_index, node_id, answered, best_party, agreement, ranking, stored_at)
            select job, idx, node, answered, best, agreement, ranking, ?
            from json_to_recordset(?::json) as r(job varchar, idx integer, node varchar, answered integer, best varchar,
                                                 agreement varchar, ranking varchar)
            on conflict do nothing""";

    private static final String INSERT_FAILURE = """
            insert into failed_batches (job_id, batch_index, failed, node_id, reason, stored_at)
            values (?, ?, ?, ?, ?, ?) on conflict do nothing""";

    private final JdbcTemplate jdbcTemplate;

    private final JdbcClient jdbc;

    private final JsonMapper json;

    private final boolean postgres;

    ResultStore(JdbcTemplate jdbcTemplate, JdbcClient jdbc, JsonMapper json, DataSource dataSource) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.json = json;
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

    /** Writes a batch of result messages in one transaction; returns the rows it holds. */
    @Transactional
    public int write(List<ComputeResult> results, Function<String, @Nullable Election> elections) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> failures = new ArrayList<>();
        for (ComputeResult result : results) {
            Election election = elections.apply(result.electionId());
            for (Match match : result.matches()) {
                List<String> ranking = new ArrayList<>(match.ranking().length);
                for (int party : match.ranking()) {
                    ranking.add(partyId(election, party));
                }
                rows.add(new Object[] { result.jobId(), match.index(), result.nodeId(), match.answered(),
                        ranking.isEmpty() ? null : ranking.getFirst(), this.json.writeValueAsString(match.agreement()),
                        this.json.writeValueAsString(ranking), now });
            }
            if (result.failed() > 0) {
                failures.add(new Object[] { result.jobId(), result.batchIndex(), result.failed(), result.nodeId(),
                        truncate(String.valueOf(result.error())), now });
            }
        }
        if (!rows.isEmpty()) {
            if (this.postgres) {
                this.jdbcTemplate.update(INSERT_RESULTS_AS_JSON, now, asJson(rows));
            }
            else {
                this.jdbcTemplate.batchUpdate(INSERT_RESULT, rows);
            }
        }
        if (!failures.isEmpty()) {
            this.jdbcTemplate.batchUpdate(INSERT_FAILURE, failures);
        }
        return rows.size();
    }

    /** One page of a job's results, in answer-set order. */
    List<StoredResult> page(String jobId, int page, int size) {
        return this.jdbc.sql("""
                select answer_index, node_id, answered, agreement, ranking from results
                where job_id = ? order by answer_index limit ? offset ?""")
                .params(jobId, size, (long) page * size)
                .query((rs, row) -> new StoredResult(ComputeResult.resultId(jobId, rs.getInt("answer_index")), rs.getInt("answer_index"),
                        rs.getString("node_id"), rs.getInt("answered"),
                        this.json.readValue(rs.getString("agreement"), double[].class),
                        List.of(this.json.readValue(rs.getString("ranking"), String[].class))))
                .list();
    }

    long count(String jobId) {
        return this.jdbc.sql("select count(*) from results where job_id = ?").param(jobId).query(Long.class).single();
    }

    private String asJson(List<Object[]> rows) {
        List<Map<String, Object>> records = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Map<String, Object> record = new HashMap<>(8);
            record.put("job", row[0]);
            record.put("idx", row[1]);
            record.put("node", row[2]);
            record.put("answered", row[3]);
            record.put("best", row[4]);
            record.put("agreement", row[5]);
            record.put("ranking", row[6]);
            records.add(record);
        }
        return this.json.writeValueAsString(records);
    }

    private static String partyId(@Nullable Election election, int party) {
        if (election != null && party >= 0 && party < election.parties().size()) {
            return election.parties().get(party).id();
        }
        return "#" + party;
    }

    private static String truncate(String reason) {
        return reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }

    /**
     * A stored result.
     *
     * @param resultId job id and answer-set index
     * @param index the answer set's index in the job
     * @param nodeId the node that computed it
     * @param answered statements the user had an opinion on
     * @param agreement percent per party, in the election's party order
     * @param ranking party ids, best match first
     */
    record StoredResult(String resultId, int index, String nodeId, int answered, double[] agreement, List<String> ranking) {
    }
}
