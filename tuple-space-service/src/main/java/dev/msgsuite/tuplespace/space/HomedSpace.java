package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Template;
import dev.msgsuite.tuplespace.tuples.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One space as its home instance holds it, in memory as Rinda holds a space: the stored tuples in
 * write order (per arity), the blocked readers, the blocked takers in the order they came, and the
 * notify subscribers. Every change happens under the space's lock, so its operations are totally
 * ordered; futures are completed after the lock is released.
 * <p>
 * A write first wakes every matching reader and subscriber, then goes to the oldest matching
 * taker, which consumes it (a hand-off: never stored), else it is stored. A stored tuple, and the
 * removal of one by a take, go through the {@link Journal}: the write answers, and the take returns
 * its tuple, once the database committed the change. Reads and notify events see a write at once.
 */
final class HomedSpace {

    final String name;

    /** The epoch of this instance's claim on the space (see {@link SpaceHomes}). */
    final long epoch;

    private final Journal journal;

    private final LongSupplier ids;

    private final Waiters waiters;

    private final ScheduledExecutorService timer;

    private final StoredBytes budget;

    private final Map<Integer, LinkedHashMap<Long, Stored>> tuples = new LinkedHashMap<>();

    private final List<Waiting> readers = new ArrayList<>();

    private final List<Waiting> takers = new ArrayList<>();

    private final List<Listener> subscribers = new ArrayList<>();

    private int stored;

    private @Nullable Refusal discarded;

    HomedSpace(String name, long epoch, List<Stored> loaded, Journal journal, LongSupplier ids, Waiters waiters, ScheduledExecutorService timer,
            StoredBytes budget) {
        this.name = name;
        this.epoch = epoch;
        this.journal = journal;
        this.ids = ids;
        this.waiters = waiters;
        this.timer = timer;
        this.budget = budget;
        for (Stored tuple : loaded) {
            this.tuples.computeIfAbsent(tuple.tuple().arity(), arity -> new LinkedHashMap<>()).put(tuple.id(), tuple);
            this.stored++;
            budget.forceAdd(tuple.bytes());
        }
    }

    /** Writes a tuple, expiring at {@code expiresAt} (epoch ms; 0 never); completes with its id once it is safe. */
    CompletableFuture<Long> write(Tuple tuple, long expiresAt, int bytes) {
        List<Runnable> after = new ArrayList<>();
        CompletableFuture<Long> written;
        synchronized (this) {
            usable();
            Waiting taker = null;
            for (Waiting waiting : this.takers) {
                if (waiting.template.matches(tuple)) {
                    taker = waiting;
                    break;
                }
            }
            if (taker == null) {
                this.budget.reserve(bytes);   // refuses before anything happened
            }
            long id = this.ids.getAsLong();
            for (Iterator<Waiting> it = this.readers.iterator(); it.hasNext();) {
                Waiting reader = it.next();
                if (reader.template.matches(tuple)) {
                    it.remove();
                    after.add(() -> reader.finish(Optional.of(tuple)));
                }
            }
            for (Listener subscriber : this.subscribers) {
                if (subscriber.template.matches(tuple)) {
                    subscriber.queue(tuple);
                }
            }
            if (taker != null) {
                this.takers.remove(taker);
                Waiting handedTo = taker;
                after.add(() -> handedTo.finish(Optional.of(tuple)));
                written = CompletableFuture.completedFuture(id);
            }
            else {
                Stored entry = new Stored(id, tuple, expiresAt, bytes);
                this.tuples.computeIfAbsent(tuple.arity(), arity -> new LinkedHashMap<>()).put(id, entry);
                this.stored++;
                written = this.journal.insert(this, entry).thenApply(done -> id);
            }
        }
        after.forEach(Runnable::run);
        return written;
    }

    /** The oldest live matching tuple, left in place, or a wait for one ({@code timeout} zero: the probe; null: forever). */
    Wait read(Template template, @Nullable Duration timeout) {
        Waiting reader;
        synchronized (this) {
            usable();
            Stored found = oldest(template);
            if (found != null) {
                return Wait.done(Optional.of(found.tuple()));
            }
            if (timeout != null && timeout.isZero()) {
                return Wait.done(Optional.empty());
            }
            reader = new Waiting(template, Waiters.Kind.READER);
            this.waiters.reserve(Waiters.Kind.READER);
            this.readers.add(reader);
        }
        reader.expireAfter(timeout);
        return reader;
    }

    /** Takes the oldest live matching tuple, or waits for one ({@code timeout} zero: the probe; null: forever). */
    Wait take(Template template, @Nullable Duration timeout) {
        Waiting taker;
        synchronized (this) {
            usable();
            Stored found = oldest(template);
            if (found != null) {
                remove(found);
                return new Wait.Pending(this.journal.delete(this, found).thenApply(done -> Optional.of(found.tuple())), () -> {
                });
            }
            if (timeout != null && timeout.isZero()) {
                return Wait.done(Optional.empty());
            }
            taker = new Waiting(template, Waiters.Kind.TAKER);
            this.waiters.reserve(Waiters.Kind.TAKER);
            this.takers.add(taker);
        }
        taker.expireAfter(timeout);
        return taker;
    }

    /** The oldest {@code limit} live matching tuples. */
    synchronized List<Tuple> readAll(Template template, int limit) {
        usable();
        List<Tuple> found = new ArrayList<>();
        LinkedHashMap<Long, Stored> candidates = this.tuples.get(template.arity());
        if (candidates != null) {
            long now = System.currentTimeMillis();
            for (Stored tuple : candidates.values()) {
                if (found.size() >= limit) {
                    break;
                }
                if (tuple.liveAt(now) && template.matches(tuple.tuple())) {
                    found.add(tuple.tuple());
                }
            }
        }
        return found;
    }

    /** Every matching write from now on goes to {@code listener}, in write order; {@code ended} tells why it stopped early. */
    Subscription subscribe(Template template, NotifyListener listener) {
        Listener subscriber = new Listener(template, listener);
        synchronized (this) {
            usable();
            this.waiters.reserve(Waiters.Kind.SUBSCRIBER);
            this.subscribers.add(subscriber);
        }
        return subscriber;
    }

    /** Removes expired tuples (their removal journalled without anyone waiting for it). */
    void sweep() {
        long now = System.currentTimeMillis();
        synchronized (this) {
            if (this.discarded != null) {
                return;
            }
            for (LinkedHashMap<Long, Stored> ofArity : this.tuples.values()) {
                for (Iterator<Stored> it = ofArity.values().iterator(); it.hasNext();) {
                    Stored tuple = it.next();
                    if (!tuple.liveAt(now)) {
                        it.remove();
                        this.stored--;
                        this.budget.release(tuple.bytes());
                        this.journal.delete(this, tuple);
                    }
                }
            }
        }
    }

    /**
     * Ends this copy of the space: the journal failed or another instance claimed the space. Every
     * waiter and subscriber ends with {@code why}; the next operation loads the space again from the
     * database (or goes to its new home).
     */
    void discard(Refusal why) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (this.discarded != null) {
                return;
            }
            this.discarded = why;
            this.readers.forEach(reader -> after.add(() -> reader.fail(why)));
            this.takers.forEach(taker -> after.add(() -> taker.fail(why)));
            this.subscribers.forEach(subscriber -> after.add(() -> subscriber.end(why)));
            this.readers.clear();
            this.takers.clear();
            this.subscribers.clear();
            this.tuples.values().forEach(ofArity -> ofArity.values().forEach(tuple -> this.budget.release(tuple.bytes())));
            this.tuples.clear();
            this.stored = 0;
        }
        after.forEach(Runnable::run);
    }

    synchronized boolean discarded() {
        return this.discarded != null;
    }

    synchronized int stored() {
        return this.stored;
    }

    private void usable() {
        if (this.discarded != null) {
            throw new SpaceMoved(this.name);
        }
    }

    private @Nullable Stored oldest(Template template) {
        LinkedHashMap<Long, Stored> candidates = this.tuples.get(template.arity());
        if (candidates == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        for (Stored tuple : candidates.values()) {
            if (tuple.liveAt(now) && template.matches(tuple.tuple())) {
                return tuple;
            }
        }
        return null;
    }

    private void remove(Stored tuple) {
        this.tuples.get(tuple.tuple().arity()).remove(tuple.id());
        this.stored--;
        this.budget.release(tuple.bytes());
    }

    /** A stored tuple: its id, fields, expiry (epoch ms, 0 never) and size as compact JSON. */
    record Stored(long id, Tuple tuple, long expiresAt, int bytes) {

        boolean liveAt(long now) {
            return this.expiresAt == 0 || this.expiresAt > now;
        }
    }

    /** Thrown to the caller of a space that was discarded meanwhile: resolve the home again. */
    static final class SpaceMoved extends RuntimeException {

        SpaceMoved(String space) {
            super("space " + space + " moved", null, false, false);
        }
    }

    /** A blocked read or take, in the space's list of readers or of takers. */
    private final class Waiting implements Wait {

        final Template template;

        final CompletableFuture<Optional<Tuple>> result = new CompletableFuture<>();

        private final Waiters.Kind kind;

        Waiting(Template template, Waiters.Kind kind) {
            this.template = template;
            this.kind = kind;
        }

        @Override
        public CompletableFuture<Optional<Tuple>> result() {
            return this.result;
        }

        void expireAfter(@Nullable Duration timeout) {
            if (timeout != null) {
                HomedSpace.this.timer.schedule(this::cancel, timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        /** Timeout or cancel: ends empty unless a write got there first. */
        @Override
        public void cancel() {
            boolean removed;
            synchronized (HomedSpace.this) {
                removed = list().remove(this);
            }
            if (removed) {
                finish(Optional.empty());
            }
        }

        private List<Waiting> list() {
            return this.kind == Waiters.Kind.TAKER ? HomedSpace.this.takers : HomedSpace.this.readers;
        }

        void finish(Optional<Tuple> tuple) {
            HomedSpace.this.waiters.release(this.kind);
            this.result.complete(tuple);
        }

        void fail(Refusal why) {
            HomedSpace.this.waiters.release(this.kind);
            this.result.completeExceptionally(why);
        }
    }

    /** A subscription's events, queued under the space lock in write order and sent one at a time. */
    private final class Listener implements Subscription {

        final Template template;

        private final NotifyListener target;

        private final java.util.ArrayDeque<Tuple> queue = new java.util.ArrayDeque<>();

        private boolean draining;

        private boolean cancelled;

        Listener(Template template, NotifyListener target) {
            this.template = template;
            this.target = target;
        }

        /** Under the space lock. */
        void queue(Tuple tuple) {
            synchronized (this) {
                this.queue.add(tuple);
                if (this.draining) {
                    return;
                }
                this.draining = true;
            }
            Thread.ofVirtual().start(this::drain);
        }

        private void drain() {
            while (true) {
                Tuple next;
                synchronized (this) {
                    next = this.queue.poll();
                    if (next == null || this.cancelled) {
                        this.queue.clear();
                        this.draining = false;
                        return;
                    }
                }
                this.target.write(next);
            }
        }

        void end(Refusal why) {
            synchronized (this) {
                this.cancelled = true;
            }
            HomedSpace.this.waiters.release(Waiters.Kind.SUBSCRIBER);
            this.target.ended(why);
        }

        @Override
        public void cancel() {
            boolean removed;
            synchronized (HomedSpace.this) {
                removed = HomedSpace.this.subscribers.remove(this);
            }
            if (removed) {
                synchronized (this) {
                    this.cancelled = true;
                }
                HomedSpace.this.waiters.release(Waiters.Kind.SUBSCRIBER);
            }
        }
    }
}
