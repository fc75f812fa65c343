package dev.msgsuite.mailbin.pipeline;

import dev.msgsuite.support.RetryingFlywayMigration;
import dev.msgsuite.support.RetryingFlywayMigration.DatabaseMigratedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Starts consuming only once the schema is migrated: at start-up if the migration already
 * succeeded, else when {@link DatabaseMigratedEvent} arrives from the background retries.
 */
@Component
class StoreListenerStarter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoreListenerStarter.class);

    private final RetryingFlywayMigration migration;

    private final KafkaListenerEndpointRegistry registry;

    private boolean running;

    StoreListenerStarter(RetryingFlywayMigration migration, KafkaListenerEndpointRegistry registry) {
        this.migration = migration;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        this.running = true;
        if (this.migration.isMigrated()) {
            startListener();
        }
        else {
            log.info("Not consuming submissions until the database schema is migrated");
        }
    }

    @EventListener
    synchronized void onMigrated(DatabaseMigratedEvent event) {
        if (this.running) {
            startListener();
        }
    }

    private void startListener() {
        MessageListenerContainer container = this.registry.getListenerContainer(SubmissionStoreListener.LISTENER_ID);
        if (container != null && !container.isRunning()) {
            container.start();
            log.info("Consuming submissions into the database");
        }
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
        // after the listener registry, so the containers exist and are stopped first on shutdown
        return KafkaListenerEndpointRegistry.DEFAULT_PHASE + 1;
    }
}
