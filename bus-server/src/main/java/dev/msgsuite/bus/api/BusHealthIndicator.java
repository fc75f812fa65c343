package dev.msgsuite.bus.api;

import dev.msgsuite.bus.auth.BusAccess;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.MemoryBudget;
import dev.msgsuite.bus.session.SessionStore;
import dev.msgsuite.bus.websocket.BusWebSocketHandler;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component {@code skillbus}: the bus's load at a glance (not part of readiness: load is not a fault). */
@Component("skillbus")
class BusHealthIndicator implements HealthIndicator {

    private final SessionStore sessions;

    private final BusWebSocketHandler handler;

    private final BusAccess access;

    private final MemoryBudget budget;

    BusHealthIndicator(SessionStore sessions, BusWebSocketHandler handler, BusAccess access, MemoryBudget budget) {
        this.budget = budget;
        this.sessions = sessions;
        this.handler = handler;
        this.access = access;
    }

    @Override
    public Health health() {
        long queued = 0;
        long dropped = 0;
        for (ClientSession session : this.sessions.all()) {
            ClientSession.Stats stats = session.stats();
            queued += stats.queued() + stats.inFlight();
            dropped += stats.dropped();
        }
        return Health.up().withDetail("access", this.access.mode())
                .withDetail("connections", this.handler.connectionCount())
                .withDetail("sessions", this.sessions.all().size())
                .withDetail("detachedSessions", this.sessions.detachedCount())
                .withDetail("queuedPackets", queued)
                .withDetail("droppedPackets", dropped)
                .withDetail("heldBytes", this.budget.used())
                .withDetail("memoryBudgetBytes", this.budget.limit())
                .build();
    }
}
