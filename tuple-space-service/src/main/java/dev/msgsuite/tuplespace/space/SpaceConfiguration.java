package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.TupleSpaceProperties;
import dev.msgsuite.tuplespace.access.SpaceAccess;
import dev.msgsuite.tuplespace.store.SpaceEvents;
import dev.msgsuite.tuplespace.store.TupleStore;
import dev.msgsuite.tuplespace.tuples.TupleFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The tuple space of this instance: its store, its waiters, how it hears of writes, and who may do what. */
@Configuration(proxyBeanMethods = false)
class SpaceConfiguration {

    @Bean
    TupleFormat tupleFormat(TupleSpaceProperties properties) {
        return new TupleFormat(properties.limits().maxFields(), properties.limits().maxTupleBytes(), properties.limits().maxSpaceNameLength());
    }

    @Bean
    TupleStore tupleStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, JsonMapper json, TupleSpaceProperties properties) {
        return new TupleStore(jdbc, new TransactionTemplate(transactions), json, UUID.randomUUID(),
                properties.cluster().instanceLostAfter(), properties.limits().maxSpaces());
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService tupleSpaceTimer() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tuplespace-timeouts").daemon().factory());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService tupleSpaceWorkers() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tuplespace-", 0).factory());
    }

    @Bean
    TupleSpace tupleSpace(TupleStore store, ScheduledExecutorService tupleSpaceTimer, ExecutorService tupleSpaceWorkers,
            TupleSpaceProperties properties) {
        return new TupleSpace(store, Clock.systemUTC(), tupleSpaceTimer, tupleSpaceWorkers, properties.limits().maxWaiters(),
                properties.limits().maxLease());
    }

    @Bean
    SpaceEvents spaceEvents(DataSource dataSource, JsonMapper json, TupleSpace space) {
        return new SpaceEvents(dataSource, json, space::onWrite, space::recover);
    }

    @Bean
    SpaceMetrics spaceMetrics(MeterRegistry registry, TupleStore store, TupleSpace space) {
        return new SpaceMetrics(registry, store, space);
    }

    @Bean
    SpaceAccess spaceAccess(TupleSpaceProperties properties, RoleHierarchy roleHierarchy) {
        return new SpaceAccess(properties.access(), roleHierarchy);
    }

    @Bean
    ClusterMembership clusterMembership(TupleStore store, TupleSpace space, SpaceMetrics metrics) {
        return new ClusterMembership(store, space, metrics);
    }

    /** Ready while this instance hears the writes of every instance. */
    @Bean
    HealthIndicator spaceEventsHealthIndicator(SpaceEvents events) {
        return () -> events.listening() ? Health.up().build() : Health.down().withDetail("reason", "not listening to writes").build();
    }
}
