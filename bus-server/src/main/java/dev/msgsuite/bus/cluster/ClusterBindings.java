package dev.msgsuite.bus.cluster;

import dev.msgsuite.bus.routing.SkillRegistry;
import dev.msgsuite.contracts.BusMessaging;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.beans.factory.DisposableBean;

/**
 * Keeps this instance's queue bound to exactly the patterns its clients registered: bound on
 * the first registration of a pattern, unbound when the last one goes. Changes run in order on
 * one thread so a slow broker never blocks a websocket; after a broker reconnect (which loses
 * the exclusive queue) the queue and every current binding are declared again.
 */
public final class ClusterBindings implements SkillRegistry.PatternListener, ConnectionListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterBindings.class);

    private final AmqpAdmin admin;

    private final Queue queue;

    private final SkillRegistry<?> registry;

    private final Set<String> bound = ConcurrentHashMap.newKeySet();

    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("skillbus-bindings").daemon().factory());

    ClusterBindings(AmqpAdmin admin, Queue queue, SkillRegistry<?> registry) {
        this.admin = admin;
        this.queue = queue;
        this.registry = registry;
    }

    /** Whether the instance queue is bound to the pattern on the broker right now (as far as we know). */
    public boolean isBound(String pattern) {
        return this.bound.contains(pattern);
    }

    @Override
    public void firstRegistered(String pattern) {
        this.worker.execute(() -> {
            if (this.registry.patterns().contains(pattern) && !this.bound.contains(pattern)) {
                bind(pattern);
            }
        });
    }

    @Override
    public void lastDeregistered(String pattern) {
        this.worker.execute(() -> {
            if (!this.registry.patterns().contains(pattern) && this.bound.contains(pattern)) {
                try {
                    this.admin.removeBinding(binding(pattern));
                    this.bound.remove(pattern);
                }
                catch (AmqpException ex) {
                    log.warn("Could not unbind '{}' (retried after the next reconnect): {}", pattern, ex.getMessage());
                }
            }
        });
    }

    @Override
    public void onCreate(Connection connection) {
        this.worker.execute(this::resync);
    }

    private void resync() {
        try {
            this.admin.declareQueue(this.queue);
        }
        catch (AmqpException ex) {
            log.warn("Could not declare the instance queue: {}", ex.getMessage());
            return;
        }
        this.bound.clear();
        this.registry.patterns().forEach(this::bind);
    }

    private void bind(String pattern) {
        try {
            this.admin.declareBinding(binding(pattern));
            this.bound.add(pattern);
        }
        catch (AmqpException ex) {
            log.warn("Could not bind '{}' (retried after the next reconnect): {}", pattern, ex.getMessage());
        }
    }

    private Binding binding(String pattern) {
        return new Binding(this.queue.getName(), Binding.DestinationType.QUEUE, BusMessaging.PACKETS_EXCHANGE, pattern, null);
    }

    @Override
    public void destroy() {
        this.worker.shutdownNow();
    }
}
