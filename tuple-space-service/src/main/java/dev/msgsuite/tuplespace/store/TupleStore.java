package dev.msgsuite.tuplespace.store;

import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Tuple;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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

/**
 * What the instances sharing one database keep there: the tuples their spaces stored, the home of
 * each space with the epoch of its claim, the instances with their heartbeats and addresses, and the
 * credential they present to each other. See V3__space_homes.sql.
 */
public final class TupleStore {

    /** Notified with an instance's id when it gave up the homes of its spaces. */
    public static final String HOMES_CHANNEL = "tuplespace_homes";

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

    /** The first of 1000 tuple ids reserved for this instance. */
    public long reserveIds() {
        Long first = this.jdbc.queryForObject("SELECT nextval('tuple_ids')", Long.class);
        return first == null ? 0 : first;
    }

    /** Ids come in blocks of this many. */
    public static final int ID_BLOCK = 1000;

    /**
     * Applies the changes of the homes of this instance in one transaction, each only while this
     * instance still holds its space with that epoch (the rows of space_homes are locked until the
     * commit, so a claim by another instance waits for it).
     *
     * @return the spaces whose changes were not applied because another instance claimed them
     */
    public Set<String> apply(List<Change> changes) {
        return this.transactions.execute(status -> {
            Map<String, Long> epochs = new LinkedHashMap<>();
            changes.forEach(change -> epochs.put(change.space(), change.epoch()));
            Set<String> held = new HashSet<>();
            this.jdbc.query(connection -> {
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT space, epoch FROM space_homes WHERE instance = ? AND space = ANY (?) FOR SHARE");
                statement.setObject(1, this.instance);
                statement.setArray(2, connection.createArrayOf("text", epochs.keySet().toArray()));
                return statement;
            }, (RowCallbackHandler) rs -> {
                if (epochs.get(rs.getString(1)) == rs.getLong(2)) {
                    held.add(rs.getString(1));
                }
            });
            List<Object[]> inserts = new ArrayList<>();
            List<Long> deletes = new ArrayList<>();
            for (Change change : changes) {
                if (!held.contains(change.space())) {
                    continue;
                }
                if (change.tuple() != null) {
                    inserts.add(new Object[] { change.id(), change.space(), change.tuple().arity(), change.tuple().toJson().toString(),
                            change.expiresAt() == 0 ? null : Timestamp.from(Instant.ofEpochMilli(change.expiresAt())) });
                }
                else {
                    deletes.add(change.id());
                }
            }
            if (!inserts.isEmpty()) {
                this.jdbc.batchUpdate("INSERT INTO tuples (id, space, arity, fields, expires_at) VALUES (?, ?, ?, ?::jsonb, ?)", inserts);
            }
            if (!deletes.isEmpty()) {
                this.jdbc.update(connection -> {
                    PreparedStatement statement = connection.prepareStatement("DELETE FROM tuples WHERE id = ANY (?)");
                    Array ids = connection.createArrayOf("bigint", deletes.toArray());
                    statement.setArray(1, ids);
                    return statement;
                });
            }
            Set<String> lost = new HashSet<>(epochs.keySet());
            lost.removeAll(held);
            return lost;
        });
    }

    /** The live tuples of a space, oldest first. */
    public List<StoredTuple> load(String space) {
        return this.jdbc.query("SELECT id, fields, expires_at FROM tuples WHERE space = ? AND (expires_at IS NULL OR expires_at > now()) ORDER BY id",
                (rs, row) -> {
                    Timestamp expires = rs.getTimestamp(3);
                    String fields = rs.getString(2);
                    return new StoredTuple(rs.getLong(1), tuple(fields), expires == null ? 0 : expires.getTime(),
                            fields.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                }, space);
    }

    /** The home of a space, if it has one: its instance, epoch, address and whether that instance is alive. */
    public Optional<Home> home(String space) {
        return this.jdbc.query("""
                SELECT h.instance, h.epoch, i.address, i.id IS NOT NULL AND i.seen_at > now() - make_interval(secs => ?)
                FROM space_homes h LEFT JOIN instances i ON i.id = h.instance WHERE h.space = ?""",
                (rs, row) -> new Home(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getBoolean(4)), seconds(), space)
                .stream().findFirst();
    }

    /** Makes this instance the home of a space that has none (creating the space, within the limit); false if another was faster. */
    public boolean claimNew(String space) {
        ensureSpace(space);
        return this.jdbc.update("INSERT INTO space_homes (space, instance, epoch) VALUES (?, ?, 1) ON CONFLICT (space) DO NOTHING", space,
                this.instance) == 1;
    }

    /** Takes a space over from a lost instance; false if the home changed meanwhile. */
    public boolean takeOver(String space, Home from) {
        return this.jdbc.update("UPDATE space_homes SET instance = ?, epoch = epoch + 1 WHERE space = ? AND instance = ? AND epoch = ?",
                this.instance, space, from.instance(), from.epoch()) == 1;
    }

    /** Gives up the homes of this instance (a clean stop) and tells the others. */
    public void releaseHomes() {
        this.jdbc.update("DELETE FROM space_homes WHERE instance = ?", this.instance);
        this.jdbc.queryForObject("SELECT pg_notify(?, ?)", String.class, HOMES_CHANNEL, this.instance.toString());
    }

    /** The credential instances present to each other. */
    public String clusterToken() {
        return this.jdbc.queryForObject("SELECT token FROM cluster_secret WHERE id = 1", String.class);
    }

    /** Marks this instance alive; false when it had been taken for lost (the others may have taken its spaces over). */
    public boolean heartbeat(String address) {
        Boolean existed = this.jdbc.queryForObject("""
                INSERT INTO instances (id, address) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET seen_at = now()
                RETURNING (xmax <> 0)""", Boolean.class, this.instance, address);
        return Boolean.TRUE.equals(existed);
    }

    public void deregister() {
        this.jdbc.update("DELETE FROM instances WHERE id = ?", this.instance);
    }

    /**
     * Deletes expired tuples and forgets lost instances (their spaces are taken over by the next
     * instance that serves them).
     *
     * @return the tuples deleted
     */
    public int sweep() {
        int swept = this.jdbc.update("DELETE FROM tuples WHERE expires_at <= now()");
        this.jdbc.update("DELETE FROM instances WHERE seen_at <= now() - make_interval(secs => ?)", seconds());
        return swept;
    }

    /** Live stored tuples per space. */
    public Map<String, Long> countsBySpace() {
        Map<String, Long> counts = new LinkedHashMap<>();
        this.jdbc.query("SELECT s.name, count(t.id) FROM spaces s LEFT JOIN tuples t ON t.space = s.name AND "
                + "(t.expires_at IS NULL OR t.expires_at > now()) GROUP BY s.name ORDER BY s.name",
                (RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    private void ensureSpace(String space) {
        if (this.knownSpaces.contains(space)) {
            return;
        }
        this.jdbc.update("INSERT INTO spaces (name) SELECT ? WHERE (SELECT count(*) FROM spaces) < ? ON CONFLICT (name) DO NOTHING", space,
                this.maxSpaces);
        Integer exists = this.jdbc.queryForObject("SELECT count(*) FROM spaces WHERE name = ?", Integer.class, space);
        if (exists == null || exists == 0) {
            throw new Refusal(Refusal.Reason.TOO_MANY_SPACES, "There are " + this.maxSpaces + " spaces already, the most allowed; use one of them");
        }
        this.knownSpaces.add(space);
    }

    private double seconds() {
        return (double) this.instanceLostAfter.toMillis() / 1000;
    }

    private Tuple tuple(String fields) {
        JsonNode node = this.json.readTree(fields);
        List<JsonNode> list = new ArrayList<>(node.size());
        node.forEach(list::add);
        return new Tuple(list);
    }

    /** A change to the stored tuples of a space held with {@code epoch}: an insert ({@code tuple} set) or a delete. */
    public record Change(String space, long epoch, long id, @Nullable Tuple tuple, long expiresAt) {
    }

    /** A stored tuple as loaded: expiry in epoch ms (0: never), size as compact JSON. */
    public record StoredTuple(long id, Tuple tuple, long expiresAt, int bytes) {
    }

    /** The home of a space. */
    public record Home(UUID instance, long epoch, @Nullable String address, boolean alive) {
    }
}
