package dev.msgsuite.talker.ops;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The talker is up while it runs; details say how busy and how linked it is. */
public final class TalkerHealthIndicator extends AbstractHealthIndicator {

    private final TalkerMetrics metrics;

    private final String serverId;

    public TalkerHealthIndicator(TalkerMetrics metrics, String serverId) {
        this.metrics = metrics;
        this.serverId = serverId;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up()
            .withDetail("serverId", this.serverId)
            .withDetail("clients", this.metrics.clients())
            .withDetail("peers", this.metrics.peers())
            .withDetail("reachableServers", this.metrics.reachableServers());
    }
}
