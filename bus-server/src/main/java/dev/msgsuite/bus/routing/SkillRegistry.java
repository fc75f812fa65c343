package dev.msgsuite.bus.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which subscribers registered which patterns, and who receives a packet for a skill. A
 * subscriber registered for several patterns that match one skill receives the packet once.
 * Route lookups are cached per skill and the cache is dropped on every change, because
 * packets are far more frequent than registrations.
 *
 * @param <S> the subscriber type (a client session in the server)
 */
public final class SkillRegistry<S> {

    /** Told when a pattern gains its first subscriber or loses its last (cluster bindings follow this). */
    public interface PatternListener {

        void firstRegistered(String pattern);

        void lastDeregistered(String pattern);
    }

    private final Map<SkillPattern, Set<S>> subscribers = new LinkedHashMap<>();

    private final Map<String, List<S>> routes = new ConcurrentHashMap<>();

    private final List<PatternListener> listeners = new CopyOnWriteArrayList<>();

    private static final int MAX_CACHED_ROUTES = 10_000;

    public void addListener(PatternListener listener) {
        this.listeners.add(listener);
    }

    /** Registers a pattern for a subscriber; returns false if it was already registered. */
    public boolean register(S subscriber, SkillPattern pattern) {
        boolean first;
        synchronized (this.subscribers) {
            Set<S> set = this.subscribers.computeIfAbsent(pattern, key -> new LinkedHashSet<>());
            first = set.isEmpty();
            if (!set.add(subscriber)) {
                return false;
            }
            this.routes.clear();
        }
        if (first) {
            this.listeners.forEach(listener -> listener.firstRegistered(pattern.text()));
        }
        return true;
    }

    /** Removes one registration; returns false if the subscriber had not registered that pattern. */
    public boolean deregister(S subscriber, SkillPattern pattern) {
        boolean last;
        synchronized (this.subscribers) {
            Set<S> set = this.subscribers.get(pattern);
            if (set == null || !set.remove(subscriber)) {
                return false;
            }
            last = set.isEmpty();
            if (last) {
                this.subscribers.remove(pattern);
            }
            this.routes.clear();
        }
        if (last) {
            this.listeners.forEach(listener -> listener.lastDeregistered(pattern.text()));
        }
        return true;
    }

    /** Everyone who receives a packet published to this skill, each once, in registration order. */
    public List<S> route(String skill) {
        List<S> cached = this.routes.get(skill);
        if (cached != null) {
            return cached;
        }
        Set<S> matched = new LinkedHashSet<>();
        synchronized (this.subscribers) {
            this.subscribers.forEach((pattern, set) -> {
                if (pattern.matches(skill)) {
                    matched.addAll(set);
                }
            });
            List<S> route = List.copyOf(matched);
            if (this.routes.size() < MAX_CACHED_ROUTES) {
                this.routes.put(skill, route);
            }
            return route;
        }
    }

    /** Patterns with their subscribers, sorted by pattern. */
    public Map<String, List<S>> snapshot() {
        Map<String, List<S>> copy = new TreeMap<>();
        synchronized (this.subscribers) {
            this.subscribers.forEach((pattern, set) -> copy.put(pattern.text(), new ArrayList<>(set)));
        }
        return copy;
    }

    /** Patterns with at least one subscriber. */
    public Set<String> patterns() {
        return snapshot().keySet();
    }
}
