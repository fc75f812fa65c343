package dev.msgsuite.saver.elections;

import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.SaverProperties;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Elections in the database, cached: they never change once uploaded. The cache keeps the
 * {@code saver.limits.cached-elections} used most recently (each may hold 200,000 positions),
 * so uploading or asking for many elections cannot grow it without bound.
 */
@Component
public class ElectionStore {

    private final JdbcClient jdbc;

    private final JsonMapper json;

    private final Map<String, Election> cache;

    ElectionStore(JdbcClient jdbc, JsonMapper json, SaverProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        int capacity = properties.limits().cachedElections();
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Election> eldest) {
                return size() > capacity;
            }
        });
    }

    /** Stores a valid election; false if one with that id exists already. */
    boolean add(Election election) {
        try {
            this.jdbc.sql("insert into elections (id, name, statements, parties, definition, created_at) values (?, ?, ?, ?, ?, ?)")
                    .params(election.id(), election.name(), election.statements().size(), election.parties().size(),
                            this.json.writeValueAsString(election), Timestamp.from(Instant.now()))
                    .update();
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
        this.cache.put(election.id(), election);
        return true;
    }

    public Optional<Election> find(String id) {
        Election cached = this.cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Election> stored = this.jdbc.sql("select definition from elections where id = ?").param(id)
                .query(String.class).optional().map(definition -> this.json.readValue(definition, Election.class));
        stored.ifPresent(election -> this.cache.put(id, election));
        return stored;
    }

    List<ElectionSummary> list() {
        return this.jdbc.sql("select id, name, statements, parties from elections order by id")
                .query(ElectionSummary.class).list();
    }

    /** An election without its questionnaire, for listings. */
    record ElectionSummary(String id, String name, int statements, int parties) {
    }
}
