package dev.msgsuite.support;

import dev.msgsuite.support.RetryingFlywayMigration.DatabaseMigratedEvent;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.Lifecycle;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a message listener container (RabbitMQ or Kafka, created with
 * {@code autoStartup = "false"}) once both the application is running and the schema is
 * migrated, whichever comes last; until then the messages wait in their broker. Without a
 * {@link RetryingFlywayMigration} there is nothing to wait for.
 * <p>
 * A listener bean rather than an {@code @EventListener} method: the migration at start-up
 * publishes its {@link DatabaseMigratedEvent} while the context is still creating beans, before
 * {@code @EventListener} methods are registered, so such a method never sees that event
 * ({@code MigrationGatedListenerStarterTests} shows it). {@link #start()} asks
 * {@link RetryingFlywayMigration#isMigrated()} as well, so no order of the two can leave the
 * listener stopped.
 */
public final class MigrationGatedListenerStarter
        implements ApplicationListener<PayloadApplicationEvent<DatabaseMigratedEvent>>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MigrationGatedListenerStarter.class);

    private final String what;

    private final ObjectProvider<RetryingFlywayMigration> migration;

    private final Supplier<? extends @Nullable Lifecycle> container;

    private final int phase;

    private boolean running;

    private boolean migrated;

    /**
     * @param what what the listener consumes, for the log ({@code results}, {@code submissions})
     * @param container looks the container up, e.g. in the listener endpoint registry by id. Make
     * the registry a dependency of this bean (a parameter of its {@code @Bean} method), so the
     * context starts the registry first: a registry that finds one of its containers running
     * counts itself as started and would never start the others
     * @param phase after the listener endpoint registry's, which starts the auto-started containers
     * and, on shutdown, stops the containers after this
     */
    public MigrationGatedListenerStarter(String what, ObjectProvider<RetryingFlywayMigration> migration,
            Supplier<? extends @Nullable Lifecycle> container, int phase) {
        this.what = what;
        this.migration = migration;
        this.container = container;
        this.phase = phase;
    }

    @Override
    public synchronized void onApplicationEvent(PayloadApplicationEvent<DatabaseMigratedEvent> event) {
        this.migrated = true;
        startIfReady();
    }

    @Override
    public synchronized void start() {
        this.running = true;
        RetryingFlywayMigration current = this.migration.getIfAvailable();
        this.migrated |= current == null || current.isMigrated();
        if (!this.migrated) {
            log.info("Not consuming {} until the database schema is migrated", this.what);
        }
        startIfReady();
    }

    @Override
    public synchronized void stop() {
        this.running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return this.phase;
    }

    private void startIfReady() {
        Lifecycle listener = this.container.get();
        if (this.running && this.migrated && listener != null && !listener.isRunning()) {
            listener.start();
            log.info("Schema migrated: consuming {}", this.what);
        }
    }
}
