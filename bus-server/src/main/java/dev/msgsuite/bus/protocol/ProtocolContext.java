package dev.msgsuite.bus.protocol;

import dev.msgsuite.bus.auth.Grant;
import dev.msgsuite.bus.metrics.BusMetrics;
import dev.msgsuite.bus.routing.Packet;
import dev.msgsuite.bus.routing.SkillBus;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.MemoryBudget;
import dev.msgsuite.bus.session.ProtocolVersion;
import dev.msgsuite.bus.session.QueueLimits;
import dev.msgsuite.bus.session.SessionStore;
import dev.msgsuite.skillbus.protocol.ErrorCode;
import tools.jackson.databind.json.JsonMapper;

/** What every connection's protocol handler shares: the bus, the sessions, the limits, the meters. */
public record ProtocolContext(SkillBus bus, SessionStore store, ProtocolLimits limits, QueueLimits queueLimits,
        BusMetrics metrics, JsonMapper json, MemoryBudget budget) {

    /** Without a memory budget over all sessions (tests of the protocols alone). */
    public ProtocolContext(SkillBus bus, SessionStore store, ProtocolLimits limits, QueueLimits queueLimits,
            BusMetrics metrics, JsonMapper json) {
        this(bus, store, limits, queueLimits, metrics, json, MemoryBudget.unlimited());
    }

    ClientSession newSession(String id, ProtocolVersion version, String owner) {
        return new ClientSession(id, version, owner, this.queueLimits, this.metrics, this.budget);
    }

    /** Publishes a data packet a client sent, if its grant allows that skill. */
    void publish(Packet packet, Grant grant) {
        if (!grant.mayPublish(packet.skill())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "may not publish to '" + packet.skill() + "'");
        }
        this.bus.publish(packet);
    }

    /** Releases a session for good: registrations removed, whatever it still held counted as dropped. */
    public int release(ClientSession session) {
        this.bus.deregisterAll(session, session.patterns());
        this.store.remove(session);
        return session.discard();
    }
}
