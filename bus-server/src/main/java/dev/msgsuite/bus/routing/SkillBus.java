package dev.msgsuite.bus.routing;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Publishing and registering: the one place packets enter the bus, from clients or from other instances. */
public final class SkillBus {

    private static final int MAX_TRACKED_SKILLS = 10_000;

    private final SkillRegistry<Subscriber> registry;

    private final PublishEvents events;

    private final Map<String, LongAdder> publishedBySkill = new ConcurrentHashMap<>();

    private final Map<String, Double> ratePerSecond = new ConcurrentHashMap<>();

    private Map<String, Long> lastSample = Map.of();

    private long lastSampleNanos = System.nanoTime();

    private volatile PacketRelay relay = PacketRelay.NONE;

    public SkillBus(SkillRegistry<Subscriber> registry, PublishEvents events) {
        this.registry = registry;
        this.events = events;
    }

    public void relayTo(PacketRelay relay) {
        this.relay = relay;
    }

    public SkillRegistry<Subscriber> registry() {
        return this.registry;
    }

    /** A packet published by a client of this instance: delivered here and relayed to the other instances. */
    public int publish(Packet packet) {
        this.events.published();
        LongAdder count = this.publishedBySkill.get(packet.skill());
        if (count == null && this.publishedBySkill.size() < MAX_TRACKED_SKILLS) {
            count = this.publishedBySkill.computeIfAbsent(packet.skill(), skill -> new LongAdder());
        }
        if (count != null) {
            count.increment();
        }
        this.relay.relay(packet);
        return deliver(packet);
    }

    /** Hands a packet to every local subscriber of its skill; returns how many took it. */
    public int deliver(Packet packet) {
        List<Subscriber> route = this.registry.route(packet.skill());
        int taken = 0;
        for (Subscriber subscriber : route) {
            if (subscriber.offer(packet)) {
                taken++;
            }
        }
        return taken;
    }

    public boolean register(Subscriber subscriber, SkillPattern pattern) {
        return this.registry.register(subscriber, pattern);
    }

    public boolean deregister(Subscriber subscriber, SkillPattern pattern) {
        return this.registry.deregister(subscriber, pattern);
    }

    public void deregisterAll(Subscriber subscriber, Collection<SkillPattern> patterns) {
        patterns.forEach(pattern -> this.registry.deregister(subscriber, pattern));
    }

    /** Recomputes each skill's publish rate over the time since the previous call (called periodically). */
    public synchronized void sampleRates() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - this.lastSampleNanos) / 1e9);
        Map<String, Long> totals = publishedBySkill();
        totals.forEach((skill, total) -> this.ratePerSecond.put(skill,
                (total - this.lastSample.getOrDefault(skill, 0L)) / seconds));
        this.lastSample = totals;
        this.lastSampleNanos = now;
    }

    /** Packets per second published here to a skill, as of the last {@link #sampleRates()}. */
    public double ratePerSecond(String skill) {
        return this.ratePerSecond.getOrDefault(skill, 0.0);
    }

    /** Packets published here per skill (the first {@value #MAX_TRACKED_SKILLS} skills seen). */
    public Map<String, Long> publishedBySkill() {
        Map<String, Long> copy = new TreeMap<>();
        this.publishedBySkill.forEach((skill, count) -> copy.put(skill, count.sum()));
        return copy;
    }
}
