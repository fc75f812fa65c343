package dev.msgsuite.bus.protocol;

import dev.msgsuite.bus.metrics.BusMetrics;
import dev.msgsuite.bus.routing.SkillBus;
import dev.msgsuite.bus.routing.SkillRegistry;
import dev.msgsuite.bus.session.OverflowPolicy;
import dev.msgsuite.bus.session.QueueLimits;
import dev.msgsuite.bus.session.SessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A whole bus without sockets: protocols talk to it through recording transports. */
final class ProtocolFixture {

    final BusMetrics metrics = new BusMetrics(new SimpleMeterRegistry());

    final SkillBus bus;

    final SessionStore store = new SessionStore(Duration.ofSeconds(60), Clock.systemUTC(), session -> {
    });

    final ProtocolContext context;

    ProtocolFixture(QueueLimits queue) {
        this(queue, new SkillRegistry<>());
    }

    ProtocolFixture(SkillRegistry<dev.msgsuite.bus.routing.Subscriber> registry) {
        this(new QueueLimits(100, 100_000, OverflowPolicy.DROP_OLDEST), registry);
    }

    ProtocolFixture(QueueLimits queue, SkillRegistry<dev.msgsuite.bus.routing.Subscriber> registry) {
        this.bus = new SkillBus(registry, this.metrics);
        this.context = new ProtocolContext(this.bus, this.store, new ProtocolLimits(3, 100), queue, this.metrics,
                JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build());
    }

    ProtocolFixture() {
        this(new QueueLimits(100, 100_000, OverflowPolicy.DROP_OLDEST));
    }

    static byte[] packet(String skill, String payload) {
        return ("{\"skill\": \"" + skill + "\", \"payload\": \"" + payload + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
