package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.TupleSpaceProperties;
import dev.msgsuite.tuplespace.access.SpaceAccess;
import dev.msgsuite.tuplespace.store.TupleStore;
import dev.msgsuite.tuplespace.tuples.TupleFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The tuple space of this instance: the spaces it is home of, the links to the homes of the others, and who may do what. */
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

    @Bean
    Waiters tupleSpaceWaiters(TupleSpaceProperties properties) {
        return new Waiters(properties.limits().maxWaiters());
    }

    @Bean
    SpaceHomes spaceHomes(TupleStore store, Waiters waiters, ScheduledExecutorService tupleSpaceTimer, TupleSpaceProperties properties) {
        return new SpaceHomes(store, waiters, new StoredBytes(properties.limits().maxStoredBytes().toBytes()), tupleSpaceTimer,
                properties.journal().gatherTime());
    }

    @Bean
    TupleSpace tupleSpace(SpaceHomes homes, TupleStore store, Waiters waiters, TupleSpaceProperties properties) {
        return new TupleSpace(homes, store, waiters, Clock.systemUTC(), properties.limits().maxLease());
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
    ClusterMembership clusterMembership(TupleStore store, SpaceHomes homes, SpaceMetrics metrics, TupleSpaceProperties properties,
            Environment environment) {
        return new ClusterMembership(store, homes, metrics, properties.cluster(), environment);
    }

    /** Ready while the other instances count this one alive (its heartbeat reaches the database). */
    @Bean
    HealthIndicator clusterMembershipHealthIndicator(ClusterMembership membership) {
        return () -> membership.alive() ? Health.up().build()
                : Health.down().withDetail("reason", "the heartbeat does not reach the database").build();
    }
}
