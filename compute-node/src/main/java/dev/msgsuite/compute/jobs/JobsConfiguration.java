package dev.msgsuite.compute.jobs;

import dev.msgsuite.compute.NodeProperties;
import dev.msgsuite.compute.NodeState;
import dev.msgsuite.contracts.compute.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    @Bean
    ElectionCatalog electionCatalog(NodeProperties properties) {
        return new ElectionCatalog(new SaverElections(properties.saverUrl(), properties.saverToken()),
                properties.electionCache().maxElections(), properties.electionCache().maxBytes().toBytes());
    }

    @Bean
    FetchBackoff fetchBackoff(NodeProperties properties) {
        return new FetchBackoff(properties.fetchBackoff().initial(), properties.fetchBackoff().max());
    }

    /** The {@code saver} health component: whether batches wait for saver-service, and why. */
    @Bean
    HealthIndicator saverHealthIndicator(NodeState state, FetchBackoff backoff) {
        return () -> {
            NodeState.Waiting waiting = state.waitingFor();
            if (waiting == null) {
                return Health.up().withDetail("jobs", "not waiting").build();
            }
            // the node is up and serving: a dependency away is said here, not made its own outage
            return Health.up().withDetail("jobs", NodeStatus.WAITING.wireName()).withDetail("reason", waiting.reason())
                    .withDetail("since", waiting.since().toString()).withDetail("failuresInARow", backoff.failuresInARow())
                    .build();
        };
    }

    /** A day of cancellations, at most 10,000: enough for any job still queued, bounded against a flood of commands. */
    @Bean
    CancelledJobs cancelledJobs() {
        return new CancelledJobs(10_000, Duration.ofDays(1), Clock.systemUTC());
    }

    @Bean
    JobProcessor jobProcessor(JsonMapper jsonMapper, ElectionCatalog electionCatalog, NodeState state,
            CancelledJobs cancelledJobs) {
        return new JobProcessor(jsonMapper, electionCatalog, state.nodeId(), cancelledJobs::isCancelled);
    }
}
