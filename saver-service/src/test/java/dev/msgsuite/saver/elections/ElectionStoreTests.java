package dev.msgsuite.saver.elections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.SaverProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

class ElectionStoreTests {

    private final JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(
            "jdbc:h2:mem:elections-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", ""));

    private final ElectionStore store;

    ElectionStoreTests() {
        this.jdbc.sql("""
                create table elections (id varchar(64) primary key, name varchar(500) not null, statements integer not null,
                parties integer not null, definition varchar not null, created_at timestamp with time zone not null)""").update();
        SaverProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("saver.limits.cached-elections", "2")))
                .bindOrCreate("saver", SaverProperties.class);
        this.store = new ElectionStore(this.jdbc, JsonMapper.builder().build(), properties);
    }

    @Test
    void theCacheKeepsOnlyTheElectionsUsedMostRecently() {
        this.store.add(election("e1"));
        this.store.add(election("e2"));
        this.store.find("e1");
        this.store.add(election("e3"));
        // what the cache still holds is found without the database
        this.jdbc.sql("delete from elections").update();

        assertThat(this.store.find("e1")).isPresent();
        assertThat(this.store.find("e3")).isPresent();
        assertThat(this.store.find("e2")).as("least recently used, dropped").isEmpty();
    }

    private static Election election(String id) {
        return new Election(id, "Election " + id, List.of(new Election.Statement("s", null, null)),
                List.of(new Election.Party("p", null, List.of(1))));
    }
}
