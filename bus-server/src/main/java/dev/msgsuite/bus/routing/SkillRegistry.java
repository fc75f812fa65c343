package dev.msgsuite.bus.routing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Which subscribers registered which patterns, and who receives a packet for a skill. A
 * subscriber registered for several patterns that match one skill receives the packet once.
 * <p>
 * Patterns live in a trie over their segments, with {@code *} and {@code #} as children of
 * their own, as RabbitMQ's topic exchange keeps its bindings: a route walks only the branches
 * the skill's segments can take, not every pattern. Routes are cached per skill; a change
 * removes only the cached routes its pattern matches (a wildcard change with a large cache drops it). Routing takes a shared lock, so routes
 * are computed in parallel and wait only for registrations in progress.
 *
 * @param <S> the subscriber type (a client session in the server)
 */
public final class SkillRegistry<S> {

    /** Told when a pattern gains its first subscriber or loses its last (cluster bindings follow this). */
    public interface PatternListener {

        void firstRegistered(String pattern);

        void lastDeregistered(String pattern);
    }

    /** Default of {@code skillbus.limits.max-patterns}. */
    public static final int DEFAULT_MAX_PATTERNS = 100_000;

    private static final int MAX_CACHED_ROUTES = 10_000;

    /** Cached routes a wildcard registration checks one by one; a bigger cache is dropped instead. */
    private static final int MAX_SCANNED_ROUTES = 1_000;

    private static final Comparator<Registration<?>> REGISTRATION_ORDER = Comparator.comparingLong(registration -> registration.order);

    private final int maxPatterns;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private final Map<SkillPattern, Registration<S>> registrations = new HashMap<>();

    private final Node<S> root = new Node<>();

    private final Map<String, List<S>> routes = new ConcurrentHashMap<>();

    private final List<PatternListener> listeners = new CopyOnWriteArrayList<>();

    private long nextOrder;

    public SkillRegistry() {
        this(DEFAULT_MAX_PATTERNS);
    }

    /** @param maxPatterns distinct patterns held at most; a registration adding one more is refused */
    public SkillRegistry(int maxPatterns) {
        this.maxPatterns = maxPatterns;
    }

    public void addListener(PatternListener listener) {
        this.listeners.add(listener);
    }

    /**
     * Registers a pattern for a subscriber; returns false if it was already registered.
     *
     * @throws TooManyPatternsException if the pattern is new and the registry holds its maximum
     */
    public boolean register(S subscriber, SkillPattern pattern) {
        boolean first;
        this.lock.writeLock().lock();
        try {
            Registration<S> registration = this.registrations.get(pattern);
            first = registration == null;
            if (first) {
                if (this.registrations.size() >= this.maxPatterns) {
                    throw new TooManyPatternsException(this.maxPatterns);
                }
                registration = new Registration<>(this.nextOrder++);
                this.registrations.put(pattern, registration);
                this.root.insert(pattern.segments(), 0, registration);
            }
            if (!registration.subscribers.add(subscriber)) {
                return false;
            }
            forgetRoutesMatching(pattern);
        }
        finally {
            this.lock.writeLock().unlock();
        }
        if (first) {
            this.listeners.forEach(listener -> listener.firstRegistered(pattern.text()));
        }
        return true;
    }

    /** Removes one registration; returns false if the subscriber had not registered that pattern. */
    public boolean deregister(S subscriber, SkillPattern pattern) {
        boolean last;
        this.lock.writeLock().lock();
        try {
            Registration<S> registration = this.registrations.get(pattern);
            if (registration == null || !registration.subscribers.remove(subscriber)) {
                return false;
            }
            last = registration.subscribers.isEmpty();
            if (last) {
                this.registrations.remove(pattern);
                this.root.remove(pattern.segments(), 0);
            }
            forgetRoutesMatching(pattern);
        }
        finally {
            this.lock.writeLock().unlock();
        }
        if (last) {
            this.listeners.forEach(listener -> listener.lastDeregistered(pattern.text()));
        }
        return true;
    }

    private void forgetRoutesMatching(SkillPattern pattern) {
        if (pattern.isWildcard()) {
            // scanning a big cache under the exclusive lock would stall routing; recomputing routes through the trie is cheap
            if (this.routes.size() > MAX_SCANNED_ROUTES) {
                this.routes.clear();
            }
            else {
                this.routes.keySet().removeIf(pattern::matches);
            }
        }
        else {
            this.routes.remove(pattern.text());
        }
    }

    /** Everyone who receives a packet published to this skill, each once, in the order their patterns were first registered. */
    public List<S> route(String skill) {
        List<S> cached = this.routes.get(skill);
        if (cached != null) {
            return cached;
        }
        this.lock.readLock().lock();
        try {
            List<Registration<S>> matched = new ArrayList<>();
            this.root.collect(skill.split("\\.", -1), 0, matched, new IdentityHashMap<>());
            matched.sort(REGISTRATION_ORDER);
            Set<S> subscribers = new LinkedHashSet<>();
            matched.forEach(registration -> subscribers.addAll(registration.subscribers));
            List<S> route = List.copyOf(subscribers);
            // cached under the shared lock: a registration (exclusive) cannot slip between computing and caching
            if (this.routes.size() < MAX_CACHED_ROUTES) {
                this.routes.put(skill, route);
            }
            return route;
        }
        finally {
            this.lock.readLock().unlock();
        }
    }

    /** Patterns with their subscribers, sorted by pattern. */
    public Map<String, List<S>> snapshot() {
        Map<String, List<S>> copy = new TreeMap<>();
        this.lock.readLock().lock();
        try {
            this.registrations.forEach((pattern, registration) -> copy.put(pattern.text(), new ArrayList<>(registration.subscribers)));
        }
        finally {
            this.lock.readLock().unlock();
        }
        return copy;
    }

    /** Patterns with at least one subscriber. */
    public Set<String> patterns() {
        return snapshot().keySet();
    }

    /** Distinct patterns held now. */
    public int patternCount() {
        this.lock.readLock().lock();
        try {
            return this.registrations.size();
        }
        finally {
            this.lock.readLock().unlock();
        }
    }

    private static final class Registration<S> {

        private final Set<S> subscribers = new LinkedHashSet<>();

        private final long order;

        private Registration(long order) {
            this.order = order;
        }
    }

    /** One segment position of the trie; {@code *} and {@code #} are children like any other segment. */
    private static final class Node<S> {

        private final Map<String, Node<S>> children = new HashMap<>();

        private Registration<S> registration;

        void insert(String[] segments, int at, Registration<S> added) {
            if (at == segments.length) {
                this.registration = added;
                return;
            }
            this.children.computeIfAbsent(segments[at], segment -> new Node<>()).insert(segments, at + 1, added);
        }

        /** Removes the pattern's registration and prunes the branches left empty; true if this node is empty now. */
        boolean remove(String[] segments, int at) {
            if (at == segments.length) {
                this.registration = null;
            }
            else {
                Node<S> child = this.children.get(segments[at]);
                if (child != null && child.remove(segments, at + 1)) {
                    this.children.remove(segments[at]);
                }
            }
            return this.registration == null && this.children.isEmpty();
        }

        /**
         * Adds the registrations of every pattern below this node that matches the skill's
         * segments from {@code at} on. Each (node, position) is visited once, so patterns full
         * of {@code #} cost at most nodes times segments.
         */
        void collect(String[] skill, int at, List<Registration<S>> matched, Map<Node<S>, BitSet> visited) {
            BitSet seen = visited.computeIfAbsent(this, node -> new BitSet(skill.length + 1));
            if (seen.get(at)) {
                return;
            }
            seen.set(at);
            Node<S> hash = this.children.get("#");
            if (at == skill.length) {
                if (this.registration != null) {
                    matched.add(this.registration);
                }
                if (hash != null) {
                    hash.collect(skill, at, matched, visited);
                }
                return;
            }
            Node<S> literal = this.children.get(skill[at]);
            if (literal != null) {
                literal.collect(skill, at + 1, matched, visited);
            }
            Node<S> star = this.children.get("*");
            if (star != null && star != literal) {
                star.collect(skill, at + 1, matched, visited);
            }
            if (hash != null) {
                for (int next = at; next <= skill.length; next++) {
                    hash.collect(skill, next, matched, visited);
                }
            }
        }
    }
}
