package dev.msgsuite.mailbin.store;

import dev.msgsuite.contracts.FormSubmission;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Submissions in PostgreSQL. Thread-safe. */
@Repository
public class SubmissionStore {

    private static final TypeReference<Map<String, List<String>>> FIELDS = new TypeReference<>() {
    };

    private static final int EXPORT_FETCH_SIZE = 500;

    private static final String COLUMNS = "id, form_id, received_at, stored_at, source, client_ip, user_agent, fields::text AS fields";

    private final JdbcClient jdbc;

    private final JsonMapper json;

    private final TransactionTemplate readOnly;

    public SubmissionStore(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Stores submissions in one statement (one round trip, one commit), skipping ids already
     * stored, including a second copy of an id within the list.
     *
     * @return the rows stored now; a redelivered submission is not among them
     */
    public List<StoredSubmission> insertAll(List<FormSubmission> submissions) {
        if (submissions.isEmpty()) {
            return List.of();
        }
        // one JSON parameter for the whole batch: PostgreSQL unpacks it, instead of thousands of bound parameters
        String rows = this.json.writeValueAsString(submissions);
        Map<UUID, FormSubmission> byId = new HashMap<>();
        submissions.forEach(submission -> byId.putIfAbsent(submission.id(), submission));
        // only what the database adds comes back: the rest is at hand, and parsing it again costs more than the insert
        return this.jdbc.sql("INSERT INTO submission (id, form_id, received_at, source, client_ip, user_agent, fields) "
                + "SELECT id, \"formId\", \"receivedAt\", source, \"clientIp\", \"userAgent\", fields FROM json_to_recordset(?::json) "
                + "AS r(id uuid, \"formId\" text, \"receivedAt\" timestamptz, source text, \"clientIp\" text, \"userAgent\" text, fields json) "
                + "ON CONFLICT (id) DO NOTHING RETURNING id, stored_at").param(rows).query((rs, n) -> {
                    FormSubmission submission = byId.get(rs.getObject("id", UUID.class));
                    return new StoredSubmission(submission.id(), submission.formId(),
                            submission.receivedAt().truncatedTo(ChronoUnit.MICROS), rs.getTimestamp("stored_at").toInstant(),
                            submission.source(), submission.clientIp(), submission.userAgent(), submission.fields());
                }).list();
    }

    public List<FormSummary> forms() {
        return this.jdbc.sql("SELECT form_id, count(*) AS n, max(received_at) AS last FROM submission GROUP BY form_id ORDER BY form_id")
                .query((rs, n) -> new FormSummary(rs.getString("form_id"), rs.getLong("n"), rs.getTimestamp("last").toInstant()))
                .list();
    }

    /** Submissions newest first, optionally of one form and matching a full-text query. */
    public SubmissionPage page(@Nullable String formId, @Nullable String text, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(formId, text, params);
        long total = this.jdbc.sql("SELECT count(*) FROM submission" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<StoredSubmission> items = this.jdbc.sql("SELECT " + COLUMNS + " FROM submission" + where
                + " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?").params(pageParams).query(this::row).list();
        return new SubmissionPage(items, page, size, total);
    }

    public Optional<StoredSubmission> find(UUID id) {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM submission WHERE id = ?").param(id).query(this::row).optional();
    }

    public boolean delete(UUID id) {
        return this.jdbc.sql("DELETE FROM submission WHERE id = ?").param(id).update() == 1;
    }

    /** Names of every field the form received, in order of first use. */
    public List<String> fieldNames(String formId) {
        return this.jdbc.sql("SELECT key FROM (SELECT key, min(received_at) AS first FROM submission, "
                + "json_object_keys(fields) AS key WHERE form_id = ? GROUP BY key) k ORDER BY first, key")
                .param(formId).query(String.class).list();
    }

    /**
     * Streams every submission of a form, oldest first, without holding them all in memory.
     * PgJDBC reads a result through a cursor, {@value #EXPORT_FETCH_SIZE} rows at a time, only
     * inside a transaction; with autocommit it would buffer the whole result first.
     */
    public void forEach(String formId, Consumer<StoredSubmission> action) {
        this.readOnly.executeWithoutResult(status -> this.jdbc
                .sql("SELECT " + COLUMNS + " FROM submission WHERE form_id = ? ORDER BY received_at, id")
                .param(formId).withFetchSize(EXPORT_FETCH_SIZE).query(rs -> {
                    action.accept(row(rs, 0));
                }));
    }

    private static String where(@Nullable String formId, @Nullable String text, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (formId != null) {
            conditions.add("form_id = ?");
            params.add(formId);
        }
        String query = SearchQuery.toTsQuery(text);
        if (query != null) {
            conditions.add("search @@ to_tsquery('simple', ?)");
            params.add(query);
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private StoredSubmission row(ResultSet rs, int rowNum) throws SQLException {
        return new StoredSubmission(rs.getObject("id", UUID.class), rs.getString("form_id"),
                rs.getTimestamp("received_at").toInstant(), rs.getTimestamp("stored_at").toInstant(), rs.getString("source"),
                rs.getString("client_ip"), rs.getString("user_agent"), this.json.readValue(rs.getString("fields"), FIELDS));
    }

}
