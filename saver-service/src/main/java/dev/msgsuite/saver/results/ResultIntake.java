package dev.msgsuite.saver.results;

import dev.msgsuite.support.RetryingFlywayMigration;
import dev.msgsuite.support.RetryingFlywayMigration.DatabaseMigratedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts consuming results only when both the application is running and the schema is
 * migrated, whichever comes last: until then results wait safely in the durable queue.
 * A listener bean rather than an {@code @EventListener} method, because the first migration
 * publishes its event while the context is still creating beans.
 */
@Component
class ResultIntake implements ApplicationListener<PayloadApplicationEvent<DatabaseMigratedEvent>>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResultIntake.class);

    private final RabbitListenerEndpointRegistry listeners;

    private final ObjectProvider<RetryingFlywayMigration> migration;

    private boolean running;

    private boolean migrated;

    ResultIntake(RabbitListenerEndpointRegistry listeners, ObjectProvider<RetryingFlywayMigration> migration) {
        this.listeners = listeners;
        this.migration = migration;
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

    /** After the listener registry, which starts the auto-started containers. */
    @Override
    public int getPhase() {
        return RabbitListenerEndpointRegistry.DEFAULT_PHASE + 1;
    }

    private void startIfReady() {
        var container = this.listeners.getListenerContainer(ResultListener.LISTENER_ID);
        if (this.running && this.migrated && container != null && !container.isRunning()) {
            log.info("Schema migrated: consuming results");
            container.start();
        }
    }
}
