package dev.msgsuite.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.support.RetryingFlywayMigration.DatabaseMigratedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.awaitility.Awaitility.await;

class RetryingFlywayMigrationTests {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    private final RetryingFlywayMigration migration = new RetryingFlywayMigration(this.events::add);

    @AfterEach
    void stopRetries() {
        this.migration.destroy();
    }

    @Test
    void migratesDuringStartUpWhenTheDatabaseAnswers() {
        this.migration.migrate(flyway(database("answers")));

        assertThat(this.migration.isMigrated()).isTrue();
        Health health = this.migration.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("schemaVersion", "1");
        assertThat(this.events).containsExactly(new DatabaseMigratedEvent("1"));
    }

    @Test
    void startsWithoutTheDatabaseReportsWhyAndMigratesOnceItAnswers() {
        AtomicInteger refusals = new AtomicInteger(2);
        DataSource flaky = new DelegatingDataSource(database("flaky")) {
            @Override
            public Connection getConnection() throws SQLException {
                if (refusals.getAndDecrement() > 0) {
                    throw new SQLTransientConnectionException("Connection refused (test)");
                }
                return super.getConnection();
            }
        };

        this.migration.migrate(flyway(flaky));

        assertThat(this.migration.isMigrated()).isFalse();
        Health down = this.migration.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(String.valueOf(down.getDetails().get("error"))).contains("Connection refused (test)");
        assertThat(this.events).isEmpty();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(this.migration.health().getStatus()).isEqualTo(Status.UP);
            assertThat(this.events).containsExactly(new DatabaseMigratedEvent("1"));
        });
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).connectRetries(0).load();
    }

    private static DataSource database(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }
}
