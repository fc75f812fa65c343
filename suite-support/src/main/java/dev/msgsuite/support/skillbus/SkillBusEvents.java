package dev.msgsuite.support.skillbus;

import dev.msgsuite.skillbus.client.SkillBusClient;
import dev.msgsuite.skillbus.protocol.SkillNames;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link BusEvents} over a {@link SkillBusClient}: one sender thread takes events from a
 * bounded buffer in order and writes them to the bus while it is connected, so a slow or absent
 * bus never holds up the service. Overflow drops the oldest events, counted and logged
 * ({@link EventBuffer}).
 */
public class SkillBusEvents implements BusEvents, SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(SkillBusEvents.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI url;

    private final String source;

    private final Clock clock;

    private final EventBuffer buffer;

    private final SkillBusClient client;

    private final ConnectionSignal connection;

    private final AtomicLong published = new AtomicLong();

    private final Supplier<@Nullable String> traceparent;

    private volatile @Nullable Thread sender;

    public SkillBusEvents(SkillBusProperties properties, String source, Clock clock) {
        this(properties, source, clock, () -> null);
    }

    /**
     * @param traceparent the W3C {@code traceparent} of the publisher's current span, null
     * outside a trace; called on the publishing thread
     */
    public SkillBusEvents(SkillBusProperties properties, String source, Clock clock, Supplier<@Nullable String> traceparent) {
        this.traceparent = traceparent;
        this.url = java.util.Objects.requireNonNull(properties.url(), "suite.skillbus.url");
        this.source = source;
        this.clock = clock;
        this.buffer = new EventBuffer(properties.bufferCapacity());
        this.connection = new ConnectionSignal(this.url);
        SkillBusClient.Builder builder = SkillBusClient.builder(this.url).prefetch(0).listener(this.connection);
        if (properties.token() != null) {
            builder.token(properties.token());
        }
        this.client = builder.build();
    }

    @Override
    public void publish(String skill, Object payload) {
        SkillNames.requireSkill(skill);
        ObjectNode packet = JSON.createObjectNode().put("skill", skill).put("source", this.source)
                .put("time", this.clock.instant().toString());
        String trace = this.traceparent.get();
        if (trace != null) {
            // a bus packet has no headers: a watcher finds the request that caused the event in the payload
            packet.put("traceparent", trace);
        }
        packet.set("payload", JSON.valueToTree(payload));
        this.buffer.add(JSON.writeValueAsBytes(packet));
    }

    /** Events handed to the network. */
    public long published() {
        return this.published.get();
    }

    /** Events lost to a full buffer or to shutdown. */
    public long dropped() {
        return this.buffer.dropped();
    }

    /** Events waiting for the bus. */
    public int buffered() {
        return this.buffer.size();
    }

    /** The oldest event waiting for the bus, as it will be sent; for tests. */
    byte @Nullable [] oldestBuffered() {
        return this.buffer.peekFirst();
    }

    public boolean isConnected() {
        return this.client.isConnected();
    }

    @Override
    public Health health() {
        Health.Builder health = this.client.isConnected() ? Health.up() : Health.unknown().withDetail("reason", "not connected");
        return health.withDetail("url", this.url.toString()).withDetail("published", published())
                .withDetail("buffered", buffered()).withDetail("dropped", dropped()).build();
    }

    @Override
    public void start() {
        this.client.connect();
        this.sender = Thread.ofPlatform().name("skillbus-events").daemon().start(this::send);
    }

    @Override
    public void stop() {
        Thread running = this.sender;
        this.sender = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(2));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        this.client.close();
        int left = this.buffer.clear();
        if (left > 0) {
            log.warn("Stopped with {} events not yet published to the skill bus at {}", left, this.url);
        }
    }

    @Override
    public boolean isRunning() {
        return this.sender != null;
    }

    @Override
    public int getPhase() {
        // stops after the components that publish events
        return SmartLifecycle.DEFAULT_PHASE + 1000;
    }

    private void send() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] event = this.buffer.take();
                boolean delivered;
                try {
                    delivered = deliver(event);
                }
                catch (InterruptedException ex) {
                    // stopping mid-send: the event goes back so stop() counts it
                    this.buffer.putBack(event);
                    throw ex;
                }
                if (!delivered) {
                    this.buffer.putBack(event);
                    this.connection.await(this.client::isConnected);
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean deliver(byte[] event) throws InterruptedException {
        if (!this.client.isConnected()) {
            return false;
        }
        try {
            this.client.publishPacket(event).get(10, TimeUnit.SECONDS);
            this.published.incrementAndGet();
            return true;
        }
        catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
            log.debug("Publishing an event failed, keeping it for the next connection: {}", ex.toString());
            return false;
        }
    }
}
