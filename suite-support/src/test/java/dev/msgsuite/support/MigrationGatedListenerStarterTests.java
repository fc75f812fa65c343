package dev.msgsuite.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.msgsuite.support.RetryingFlywayMigration.DatabaseMigratedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.Lifecycle;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.context.support.StaticApplicationContext;

class MigrationGatedListenerStarterTests {

    private final RetryingFlywayMigration migration = mock(RetryingFlywayMigration.class);

    private final Container container = new Container();

    private final MigrationGatedListenerStarter starter = new MigrationGatedListenerStarter("things",
            provider(this.migration), () -> this.container, 0);

    @Test
    void consumingWaitsForTheSchema() {
        given(this.migration.isMigrated()).willReturn(false);

        this.starter.start();
        assertThat(this.container.isRunning()).isFalse();

        this.starter.onApplicationEvent(new PayloadApplicationEvent<>(this, new DatabaseMigratedEvent("1")));
        assertThat(this.container.isRunning()).isTrue();
    }

    @Test
    void consumingStartsAtOnceWhenTheSchemaIsAlreadyMigrated() {
        given(this.migration.isMigrated()).willReturn(true);

        this.starter.start();

        assertThat(this.container.isRunning()).isTrue();
    }

    @Test
    void aSchemaMigratedBeforeTheApplicationRunsIsConsumedOnlyOnceItRuns() {
        this.starter.onApplicationEvent(new PayloadApplicationEvent<>(this, new DatabaseMigratedEvent("1")));
        assertThat(this.container.isRunning()).isFalse();

        this.starter.start();
        assertThat(this.container.isRunning()).isTrue();
    }

    @Test
    void withoutAMigrationConsumingStartsAtOnce() {
        MigrationGatedListenerStarter withoutDatabase = new MigrationGatedListenerStarter("things", provider(null),
                () -> this.container, 0);

        withoutDatabase.start();

        assertThat(this.container.isRunning()).isTrue();
    }

    /**
     * Settles which way to listen: the migration at start-up publishes its event while the
     * context creates beans, which reaches listener beans but not {@code @EventListener} methods.
     */
    @Test
    void theStartUpMigrationsEventReachesListenerBeansButNotEventListenerMethods() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class, SuiteSupportAutoConfiguration.class))
                .withBean(DataSource.class, () -> {
                    JdbcDataSource database = new JdbcDataSource();
                    database.setURL("jdbc:h2:mem:gated" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
                    return database;
                })
                .withUserConfiguration(Listeners.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RetryingFlywayMigration.class).isMigrated()).isTrue();
                    assertThat(context.getBean(Listeners.class).listenerBean.events).hasSize(1);
                    assertThat(context.getBean(Listeners.class).eventListenerMethod).isEmpty();
                    assertThat(context.getBean(Listeners.class).container.isRunning()).isTrue();
                });
    }

    private static ObjectProvider<RetryingFlywayMigration> provider(RetryingFlywayMigration migration) {
        StaticApplicationContext context = new StaticApplicationContext();
        if (migration != null) {
            context.getBeanFactory().registerSingleton("databaseMigration", migration);
        }
        return context.getBeanProvider(RetryingFlywayMigration.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners {

        final RecordingListener listenerBean = new RecordingListener();

        final List<DatabaseMigratedEvent> eventListenerMethod = new CopyOnWriteArrayList<>();

        final Container container = new Container();

        @Bean
        RecordingListener recordingListener() {
            return this.listenerBean;
        }

        @EventListener
        void onMigrated(DatabaseMigratedEvent event) {
            this.eventListenerMethod.add(event);
        }

        @Bean
        MigrationGatedListenerStarter starter(ObjectProvider<RetryingFlywayMigration> migration) {
            return new MigrationGatedListenerStarter("things", migration, () -> this.container, 0);
        }
    }

    static final class RecordingListener implements ApplicationListener<PayloadApplicationEvent<DatabaseMigratedEvent>> {

        final List<DatabaseMigratedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(PayloadApplicationEvent<DatabaseMigratedEvent> event) {
            this.events.add(event.getPayload());
        }
    }

    /** A listener container as far as starting goes. */
    static final class Container implements Lifecycle {

        private volatile boolean running;

        @Override
        public void start() {
            this.running = true;
        }

        @Override
        public void stop() {
            this.running = false;
        }

        @Override
        public boolean isRunning() {
            return this.running;
        }
    }
}
