package dev.msgsuite.tuplespace.store;

import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Template;
import dev.msgsuite.tuplespace.tuples.TemplateField;
import dev.msgsuite.tuplespace.tuples.Tuple;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tuple space in PostgreSQL, shared by every instance on the same database.
 * <p>
 * Writes and takers that start waiting in one space are serialised by a transaction-scoped
 * advisory lock on the space (taken by the functions of V2__one_round_trip.sql, one round trip each), so a write sees every taker that registered before it, and a taker
 * that found nothing is registered before the next write looks: no wake-up is lost between
 * instances. Takes of stored tuples need no such lock: they claim the oldest matching row with
 * {@code FOR UPDATE SKIP LOCKED} and delete it in one statement, so a row is taken once.
 * Each write notifies channel {@value #CHANNEL} with the tuple (see {@link WriteEvent}).
 */
public final class TupleStore {

    public static final String CHANNEL = "tuplespace";

    private static final String LIVE = "(expires_at IS NULL OR expires_at > now())";

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final JsonMapper json;

    private final UUID instance;

    private final Duration instanceLostAfter;

    private final int maxSpaces;

    private final Set<String> knownSpaces = ConcurrentHashMap.newKeySet();

    public TupleStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, UUID instance,
            Duration instanceLostAfter, int maxSpaces) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.instance = instance;
        this.instanceLostAfter = instanceLostAfter;
        this.maxSpaces = maxSpaces;
    }

    public UUID instance() {
        return this.instance;
    }

    /**
     * Stores the tuple, or hands it to the oldest live taker waiting for it on any instance (the row
     * stays, claimed for that taker, until its instance delivers it), and notifies every instance.
     */
    public Written write(String space, Tuple tuple, @Nullable Instant expiresAt) {
        // one statement, so one round trip and its own transaction (ts_write in V2__one_round_trip.sql)
        return writeInTransaction(space, tuple, expiresAt);
    }

    private Written writeInTransaction(String space, Tuple tuple, @Nullable Instant expiresAt) {
        ensureSpace(space);
        return this.jdbc.queryForObject("SELECT o_tuple_id, o_taker_id FROM ts_write(?, ?::jsonb, ?, ?)",
                (rs, row) -> new Written(rs.getLong(1), rs.getObject(2, Long.class)), space, tuple.toJson().toString(), timestamp(expiresAt),
                (double) this.instanceLostAfter.toMillis() / 1000);
    }

    /** The oldest live, unclaimed tuple the template matches, left in place. */
    public Optional<Tuple> read(String space, Template template) {
        return readAll(space, template, 1).stream().findFirst();
    }

    /** The oldest {@code limit} live, unclaimed tuples the template matches. */
    public List<Tuple> readAll(String space, Template template, int limit) {
        List<Object> args = new ArrayList<>(List.of(space, template.arity()));
        String sql = "SELECT fields FROM tuples WHERE space = ? AND arity = ? AND claimed_by IS NULL AND " + LIVE
                + conditions(template, args) + " ORDER BY id LIMIT " + limit;
        return this.jdbc.query(sql, (rs, row) -> tuple(rs.getString(1)), args.toArray());
    }

    /** Takes the oldest live, unclaimed matching tuple, if any (the probe). */
    public Optional<Tuple> take(String space, Template template) {
        return takeStored(space, template);
    }

    /**
     * Takes the oldest matching tuple, or registers a taker that the next matching write on any
     * instance will hand its tuple to.
     *
     * @param waitUntil when the taker stops waiting, or {@code null} for never
     */
    public TakeResult takeOrWait(String space, Template template, @Nullable Instant waitUntil) {
        // one statement: the space lock, the claim of a stored tuple or the queueing (ts_take_or_wait in V2__one_round_trip.sql)
        return this.jdbc.queryForObject("SELECT o_fields::text, o_taker_id FROM ts_take_or_wait(?, ?::jsonb, ?, ?)", (rs, row) -> {
            String fields = rs.getString(1);
            return fields != null ? new TakeResult.Taken(tuple(fields)) : new TakeResult.Waiting(rs.getLong(2));
        }, space, templateJson(template), this.instance, timestamp(waitUntil));
    }

    /**
     * Stops a taker waiting. False when a write has already handed it a tuple: then that tuple's
     * notification is on its way and must be delivered or {@linkplain #release released}.
     */
    public boolean cancelTaker(long takerId) {
        return this.jdbc.update("DELETE FROM takers WHERE id = ?", takerId) == 1;
    }

    /**
     * Takes the tuple handed to a taker of this instance, once: false when it was already
     * delivered, or written back because this instance was taken for lost.
     */
    public boolean claim(long tupleId, long takerId) {
        return this.jdbc.update("DELETE FROM tuples WHERE id = ? AND claimed_by = ? AND claimed_instance = ?", tupleId, takerId,
                this.instance) == 1;
    }

    /** Writes a tuple handed to a taker that is gone back into its space, as a new write. */
    public void release(long tupleId, long takerId) {
        this.transactions.executeWithoutResult(status -> {
            List<Stored> released = this.jdbc.query(
                    "DELETE FROM tuples WHERE id = ? AND claimed_by = ? RETURNING space, fields, expires_at",
                    (rs, row) -> stored(rs), tupleId, takerId);
            released.forEach(tuple -> writeInTransaction(tuple.space(), tuple.tuple(), tuple.expiresAt()));
        });
    }

    /** Tuples handed to takers of this instance and not delivered yet (after a lost connection to the database). */
    public List<WriteEvent> handedToThisInstance() {
        return this.jdbc.query("SELECT id, space, fields, expires_at, claimed_by FROM tuples WHERE claimed_instance = ?",
                (rs, row) -> new WriteEvent(rs.getString(2), rs.getLong(1), tuple(rs.getString(3)), instant(rs.getTimestamp(4)), rs.getLong(5),
                        this.instance),
                this.instance);
    }

    /** Marks this instance alive; false when it had been taken for lost (its takers dropped). */
    public boolean heartbeat() {
        Boolean existed = this.jdbc.queryForObject("""
                INSERT INTO instances (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET seen_at = now()
                RETURNING (xmax <> 0)""", Boolean.class, this.instance);
        return Boolean.TRUE.equals(existed);
    }

    public void register() {
        this.jdbc.update("INSERT INTO instances (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET seen_at = now()", this.instance);
    }

    /** Leaves cleanly: no more takers of this instance, and what was handed to them goes back. */
    public void deregister() {
        this.jdbc.update("DELETE FROM takers WHERE instance = ?", this.instance);
        writeBackClaimsOf(this.instance);
        this.jdbc.update("DELETE FROM instances WHERE id = ?", this.instance);
    }

    /**
     * Deletes expired tuples, and cleans up after lost instances: their takers are dropped and
     * tuples handed to them but not delivered are written back.
     *
     * @return the tuples deleted or written back
     */
    public int sweep() {
        int swept = this.jdbc.update("DELETE FROM tuples WHERE claimed_by IS NULL AND expires_at <= now()");
        List<UUID> lost = this.jdbc.queryForList("SELECT id FROM instances WHERE seen_at <= now() - make_interval(secs => ?)", UUID.class,
                (double) this.instanceLostAfter.toMillis() / 1000);
        for (UUID instance : lost) {
            this.jdbc.update("DELETE FROM takers WHERE instance = ?", instance);
            swept += writeBackClaimsOf(instance);
            this.jdbc.update("DELETE FROM instances WHERE id = ?", instance);
        }
        // takers whose instance row is gone altogether
        this.jdbc.update("DELETE FROM takers t WHERE NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = t.instance)");
        return swept;
    }

    private int writeBackClaimsOf(UUID instance) {
        Integer count = this.transactions.execute(status -> {
            List<Stored> claimed = this.jdbc.query(
                    "DELETE FROM tuples WHERE claimed_instance = ? RETURNING space, fields, expires_at", (rs, row) -> stored(rs), instance);
            claimed.forEach(tuple -> writeInTransaction(tuple.space(), tuple.tuple(), tuple.expiresAt()));
            return claimed.size();
        });
        return count == null ? 0 : count;
    }

    /** Live, unclaimed tuples per space. */
    public Map<String, Long> countsBySpace() {
        Map<String, Long> counts = new LinkedHashMap<>();
        this.jdbc.query("SELECT s.name, count(t.id) FROM spaces s LEFT JOIN tuples t ON t.space = s.name AND t.claimed_by IS NULL AND "
                + "(t.expires_at IS NULL OR t.expires_at > now()) GROUP BY s.name ORDER BY s.name",
                (RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    private Optional<Tuple> takeStored(String space, Template template) {
        List<Object> args = new ArrayList<>(List.of(space, template.arity()));
        String sql = "DELETE FROM tuples WHERE id = (SELECT id FROM tuples WHERE space = ? AND arity = ? AND claimed_by IS NULL AND " + LIVE
                + conditions(template, args) + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING fields";
        return this.jdbc.query(sql, (rs, row) -> tuple(rs.getString(1)), args.toArray()).stream().findFirst();
    }

    private void ensureSpace(String space) {
        if (this.knownSpaces.contains(space)) {
            return;
        }
        this.jdbc.update("INSERT INTO spaces (name) SELECT ? WHERE (SELECT count(*) FROM spaces) < ? ON CONFLICT (name) DO NOTHING", space,
                this.maxSpaces);
        Integer exists = this.jdbc.queryForObject("SELECT count(*) FROM spaces WHERE name = ?", Integer.class, space);
        if (exists == null || exists == 0) {
            throw new Refusal(Refusal.Reason.TOO_MANY_SPACES, "There are " + this.maxSpaces + " spaces already, the most allowed; write into one of them");
        }
        this.knownSpaces.add(space);
    }

    /** The template's fields as SQL conditions on {@code fields}, in the same terms as {@link Template#matches}. */
    static String conditions(Template template, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < template.arity(); i++) {
            switch (template.fields().get(i)) {
                case TemplateField.Any any -> {
                }
                case TemplateField.EqualTo equal -> {
                    sql.append(" AND fields -> ").append(i).append(" = ?::jsonb");
                    args.add(equal.value().toString());
                }
                case TemplateField.OfType type -> {
                    sql.append(" AND jsonb_typeof(fields -> ").append(i).append(") = ?");
                    args.add(type.type().jsonName());
                }
            }
        }
        return sql.toString();
    }

    private String templateJson(Template template) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (TemplateField field : template.fields()) {
            switch (field) {
                case TemplateField.Any any -> array.addNull();
                case TemplateField.EqualTo equal -> array.add(equal.value());
                case TemplateField.OfType type -> {
                    ObjectNode pattern = array.addObject();
                    pattern.put("type", type.type().jsonName());
                }
            }
        }
        return array.toString();
    }

    private Tuple tuple(String fields) {
        JsonNode node = this.json.readTree(fields);
        List<JsonNode> list = new ArrayList<>(node.size());
        node.forEach(list::add);
        return new Tuple(list);
    }

    private Stored stored(ResultSet rs) throws SQLException {
        return new Stored(rs.getString(1), tuple(rs.getString(2)), instant(rs.getTimestamp(3)));
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record Stored(String space, Tuple tuple, @Nullable Instant expiresAt) {
    }

    /** A write's tuple id, and the taker it was handed to, if one was waiting. */
    public record Written(long id, @Nullable Long handedTo) {
    }

    /** What a blocking take found: a tuple, or its place in the queue of takers. */
    public sealed interface TakeResult {

        record Taken(Tuple tuple) implements TakeResult {
        }

        record Waiting(long takerId) implements TakeResult {
        }
    }
}
