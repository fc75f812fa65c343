package dev.msgsuite.bus;

import dev.msgsuite.bus.metrics.BusMetrics;
import dev.msgsuite.bus.protocol.ProtocolContext;
import dev.msgsuite.bus.protocol.ProtocolLimits;
import dev.msgsuite.bus.routing.SkillBus;
import dev.msgsuite.bus.routing.SkillRegistry;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.MemoryBudget;
import dev.msgsuite.bus.session.QueueLimits;
import dev.msgsuite.bus.session.SessionStore;
import dev.msgsuite.bus.settings.BusProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The bus core: registry, sessions, protocol context, meters. */
@Configuration(proxyBeanMethods = false)
class BusConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BusConfiguration.class);

    private static final long RATE_INTERVAL_SECONDS = 5;

    @Bean
    BusMetrics busMetrics(MeterRegistry registry) {
        return new BusMetrics(registry);
    }

    @Bean
    SkillBus skillBus(BusMetrics metrics, BusProperties properties) {
        SkillBus bus = new SkillBus(new SkillRegistry<>(properties.limits().maxPatterns()), metrics);
        metrics.gauge("skillbus.patterns", "Distinct registration patterns", bus.registry()::patternCount);
        return bus;
    }

    /** The configured total, but never more than half the heap: the rest is for frames in transit and everything else. */
    @Bean
    MemoryBudget memoryBudget(BusProperties properties, BusMetrics metrics) {
        long configured = properties.limits().maxTotalQueuedBytes().toBytes();
        long halfHeap = Runtime.getRuntime().maxMemory() / 2;
        MemoryBudget budget = new MemoryBudget(Math.min(configured, halfHeap));
        if (configured > halfHeap) {
            log.info("skillbus.limits.max-total-queued-bytes {} exceeds half the maximum heap; using {} bytes", configured, halfHeap);
        }
        metrics.gauge("skillbus.memory.used", "Bytes held by all sessions (queued, in flight, unread replies)", budget::used);
        metrics.gauge("skillbus.memory.limit", "The memory budget of all sessions, bytes", budget::limit);
        return budget;
    }

    @Bean
    SessionStore sessionStore(BusProperties properties, SkillBus bus, BusMetrics metrics, MemoryBudget budget) {
        SessionStore store = new SessionStore(properties.resume().window(), Clock.systemUTC(), (ClientSession session) -> {
            bus.deregisterAll(session, session.patterns());
            int lost = session.discard();
            log.info("Session {} was not resumed within {}; released with {} packets undelivered", session.id(),
                    properties.resume().window(), lost);
        });
        budget.shedFrom(store::all);
        metrics.gauge("skillbus.sessions", "Sessions, connected or waiting to be resumed", () -> store.all().size());
        metrics.gauge("skillbus.sessions.detached", "Sessions waiting to be resumed", store::detachedCount);
        metrics.gauge("skillbus.queue.depth", "Packets queued or awaiting an ack, all clients",
                () -> store.all().stream().mapToLong(session -> {
                    ClientSession.Stats stats = session.stats();
                    return stats.queued() + stats.inFlight();
                }).sum());
        return store;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService sessionExpiry(SessionStore store, BusProperties properties, SkillBus bus) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("skillbus-expiry").daemon().factory());
        long period = Math.clamp(properties.resume().window().toMillis() / 4, 50, 1000);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                store.expire();
            }
            catch (RuntimeException ex) {
                log.error("Expiring detached sessions failed", ex);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(bus::sampleRates, RATE_INTERVAL_SECONDS, RATE_INTERVAL_SECONDS, TimeUnit.SECONDS);
        return scheduler;
    }

    /** One virtual thread per busy connection sends its frames, so a stalled client only stalls itself. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService connectionSenders() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("skillbus-send-", 0).factory());
    }

    @Bean
    ProtocolContext protocolContext(SkillBus bus, SessionStore store, BusProperties properties, BusMetrics metrics,
            MemoryBudget budget) {
        BusProperties.Queue queue = properties.queue();
        BusProperties.Limits limits = properties.limits();
        return new ProtocolContext(bus, store,
                new ProtocolLimits(limits.maxSkillsPerClient(), limits.maxPrefetch(), (int) limits.maxControlFrameSize().toBytes()),
                new QueueLimits(queue.maxPackets(), queue.maxBytes().toBytes(), queue.overflow(), limits.maxPrefetch(),
                        queue.maxInFlightBytes().toBytes(), limits.maxPendingReplyBytes().toBytes()),
                metrics, JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build(), budget);
    }
}
