package dev.msgsuite.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Migrates the schema without making the database a start-up requirement: the first
 * attempt runs during start-up, and if the database does not answer the service starts
 * anyway, reports {@code databaseMigration} DOWN with the reason (so readiness fails, not
 * the process) and retries in the background with a capped back-off. Listeners that need
 * the schema wait for {@link DatabaseMigratedEvent}.
 */
public final class RetryingFlywayMigration implements FlywayMigrationStrategy, HealthIndicator, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RetryingFlywayMigration.class);

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ApplicationEventPublisher events;

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("flyway-retry").daemon().factory());

    private volatile @Nullable String schemaVersion;

    private volatile @Nullable String lastError = "not attempted yet";

    private volatile int attempts;

    public RetryingFlywayMigration(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void migrate(Flyway flyway) {
        if (!attempt(flyway)) {
            this.retries.schedule(() -> retry(flyway, FIRST_RETRY), FIRST_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retry(Flyway flyway, Duration delay) {
        if (!attempt(flyway)) {
            Duration next = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
            this.retries.schedule(() -> retry(flyway, next), next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean attempt(Flyway flyway) {
        this.attempts++;
        try {
            MigrateResult result = flyway.migrate();
            this.schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : String.valueOf(flyway.info().current() != null ? flyway.info().current().getVersion() : "empty");
            this.lastError = null;
            log.info("Database schema at version {} ({} migrations applied now)", this.schemaVersion, result.migrationsExecuted);
            this.events.publishEvent(new DatabaseMigratedEvent(this.schemaVersion));
            return true;
        }
        catch (RuntimeException ex) {
            this.lastError = rootMessage(ex);
            if (this.attempts == 1) {
                log.warn("Database not migrated, will retry in the background: {}", this.lastError);
            }
            else {
                log.debug("Database migration attempt {} failed: {}", this.attempts, this.lastError);
            }
            return false;
        }
    }

    /** Whether the schema is migrated and the database may be used. */
    public boolean isMigrated() {
        return this.schemaVersion != null;
    }

    @Override
    public Health health() {
        String version = this.schemaVersion;
        if (version != null) {
            return Health.up().withDetail("schemaVersion", version).build();
        }
        return Health.down().withDetail("error", String.valueOf(this.lastError)).withDetail("attempts", this.attempts).build();
    }

    @Override
    public void destroy() {
        this.retries.shutdownNow();
    }

    private static String rootMessage(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == ex ? String.valueOf(ex.getMessage()) : ex.getMessage() + " (" + cause + ")";
    }

    /**
     * Published once the schema is migrated, on the thread that migrated it.
     *
     * @param schemaVersion the schema version now in the database
     */
    public record DatabaseMigratedEvent(String schemaVersion) {
    }
}
