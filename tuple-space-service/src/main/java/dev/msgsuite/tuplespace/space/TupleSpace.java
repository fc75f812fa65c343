package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.store.TupleStore;
import dev.msgsuite.tuplespace.store.TupleStore.TakeResult;
import dev.msgsuite.tuplespace.store.WriteEvent;
import dev.msgsuite.tuplespace.tuples.Refusal;
import dev.msgsuite.tuplespace.tuples.Template;
import dev.msgsuite.tuplespace.tuples.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tuple space as one instance serves it: operations go to the {@link TupleStore}; blocked
 * readers, takers and notify subscribers wait here as futures and listeners, woken by the writes
 * every instance hears of ({@link #onWrite}). Timeouts run on one scheduler thread; database work
 * after a wake-up or timeout runs on virtual threads.
 * <p>
 * A reader is registered before it looks in the store, so a write committed while it looks still
 * reaches it. A taker that found nothing is queued in the store itself (see {@link TupleStore#takeOrWait}).
 */
public final class TupleSpace {

    private static final Logger log = LoggerFactory.getLogger(TupleSpace.class);

    private final TupleStore store;

    private final Clock clock;

    private final ScheduledExecutorService timer;

    private final ExecutorService workers;

    private final int maxWaiters;

    private final Duration maxLease;

    private final Map<String, List<Reader>> readers = new ConcurrentHashMap<>();

    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

    private final Map<Long, PendingTake> takers = new ConcurrentHashMap<>();

    private final AtomicInteger waiters = new AtomicInteger();

    private final AtomicInteger waitingReaders = new AtomicInteger();

    private final AtomicInteger waitingTakers = new AtomicInteger();

    private final AtomicInteger subscriptions = new AtomicInteger();

    public TupleSpace(TupleStore store, Clock clock, ScheduledExecutorService timer, ExecutorService workers, int maxWaiters, Duration maxLease) {
        this.store = store;
        this.clock = clock;
        this.timer = timer;
        this.workers = workers;
        this.maxWaiters = maxWaiters;
        this.maxLease = maxLease;
    }

    /**
     * Writes a tuple that expires after {@code lease} ({@code null}: never; cut to the longest lease allowed).
     *
     * @return the tuple's id
     */
    public long write(String space, Tuple tuple, @Nullable Duration lease) {
        Duration granted = lease;
        if (!this.maxLease.isZero() && (granted == null || granted.compareTo(this.maxLease) > 0)) {
            granted = this.maxLease;
        }
        Instant expiresAt = granted == null ? null : this.clock.instant().plus(granted);
        return this.store.write(space, tuple, expiresAt).id();
    }

    public Optional<Tuple> readProbe(String space, Template template) {
        return this.store.read(space, template);
    }

    public Optional<Tuple> takeProbe(String space, Template template) {
        return this.store.take(space, template);
    }

    public List<Tuple> readAll(String space, Template template, int limit) {
        return this.store.readAll(space, template, limit);
    }

    /** Live tuples per space, over all instances. */
    public Map<String, Long> countsBySpace() {
        return this.store.countsBySpace();
    }

    /** Waits for a matching tuple, left in place, for at most {@code timeout} ({@code null}: until cancelled). */
    public Wait read(String space, Template template, @Nullable Duration timeout) {
        reserveWaiter();
        Reader reader = new Reader(space, template);
        this.readers.computeIfAbsent(space, s -> new CopyOnWriteArrayList<>()).add(reader);
        this.waitingReaders.incrementAndGet();
        reader.result.whenComplete((tuple, error) -> {
            this.readers.getOrDefault(space, List.of()).remove(reader);
            this.waitingReaders.decrementAndGet();
            this.waiters.decrementAndGet();
        });
        try {
            this.store.read(space, template).ifPresent(tuple -> reader.result.complete(Optional.of(tuple)));
        }
        catch (RuntimeException ex) {
            reader.result.completeExceptionally(ex);
        }
        if (!reader.result.isDone() && timeout != null) {
            this.timer.schedule(() -> reader.result.complete(Optional.empty()), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        return reader;
    }

    /** Waits for a matching tuple and takes it; at most {@code timeout} ({@code null}: until cancelled). */
    public Wait take(String space, Template template, @Nullable Duration timeout) {
        reserveWaiter();
        TakeResult found;
        try {
            found = this.store.takeOrWait(space, template, timeout == null ? null : this.clock.instant().plus(timeout));
        }
        catch (RuntimeException ex) {
            this.waiters.decrementAndGet();
            throw ex;
        }
        if (found instanceof TakeResult.Taken(Tuple tuple)) {
            this.waiters.decrementAndGet();
            return Done.of(tuple);
        }
        long takerId = ((TakeResult.Waiting) found).takerId();
        this.waitingTakers.incrementAndGet();
        PendingTake pending = this.takers.computeIfAbsent(takerId, PendingTake::new);
        pending.result.whenComplete((tuple, error) -> {
            this.takers.remove(takerId);
            this.waitingTakers.decrementAndGet();
            this.waiters.decrementAndGet();
        });
        pending.attach();
        if (timeout != null) {
            this.timer.schedule(() -> this.workers.execute(() -> pending.stop(false)), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        return pending;
    }

    /** Every matching write from now on goes to {@code listener}, in write order, one at a time. */
    public Subscription subscribe(String space, Template template, Consumer<Tuple> listener) {
        reserveWaiter();
        Subscriber subscriber = new Subscriber(space, template, listener);
        this.subscribers.computeIfAbsent(space, s -> new CopyOnWriteArrayList<>()).add(subscriber);
        this.subscriptions.incrementAndGet();
        return subscriber;
    }

    /**
     * A write committed on some instance: wakes readers and subscribers, and the taker of this
     * instance it was handed to. Called on the one listening thread, so every answer is sent from
     * a worker: a client slow to read never holds up the wake-ups of the others.
     */
    public void onWrite(WriteEvent write) {
        for (Reader reader : this.readers.getOrDefault(write.space(), List.of())) {
            if (reader.template.matches(write.tuple())) {
                this.workers.execute(() -> reader.result.complete(Optional.of(write.tuple())));
            }
        }
        for (Subscriber subscriber : this.subscribers.getOrDefault(write.space(), List.of())) {
            if (subscriber.template.matches(write.tuple())) {
                subscriber.deliver(write.tuple());
            }
        }
        if (write.taker() != null && this.store.instance().equals(write.takerInstance())) {
            handOff(write);
        }
    }

    /**
     * After a lost connection to the database: writes went unheard, so readers look again and
     * tuples handed to this instance's takers are fetched.
     */
    public void recover() {
        this.workers.execute(() -> {
            this.readers.values().forEach(waiting -> waiting.forEach(reader -> this.store.read(reader.space, reader.template)
                    .ifPresent(tuple -> reader.result.complete(Optional.of(tuple)))));
            this.store.handedToThisInstance().forEach(this::handOff);
        });
    }

    /** This instance had been taken for lost by another, which dropped its takers: they end empty, their clients may retry. */
    public void lostTakers() {
        log.warn("This instance was taken for lost (no heartbeat for too long); {} blocked takes end without a tuple", this.takers.size());
        this.takers.values().forEach(pending -> pending.result.complete(Optional.empty()));
    }

    private void handOff(WriteEvent write) {
        PendingTake pending = this.takers.computeIfAbsent(write.taker(), PendingTake::new);
        this.workers.execute(() -> pending.handOff(write));
    }

    private void reserveWaiter() {
        if (this.waiters.incrementAndGet() > this.maxWaiters) {
            this.waiters.decrementAndGet();
            throw new Refusal(Refusal.Reason.TOO_MANY_WAITERS,
                    "This instance holds " + this.maxWaiters + " blocked reads, takes and subscriptions, the most allowed; retry later");
        }
    }

    public int waitingReaders() {
        return this.waitingReaders.get();
    }

    public int waitingTakers() {
        return this.waitingTakers.get();
    }

    public int subscriptions() {
        return this.subscriptions.get();
    }

    private static final class Reader implements Wait {

        final String space;

        final Template template;

        final CompletableFuture<Optional<Tuple>> result = new CompletableFuture<>();

        Reader(String space, Template template) {
            this.space = space;
            this.template = template;
        }

        @Override
        public CompletableFuture<Optional<Tuple>> result() {
            return this.result;
        }

        @Override
        public void cancel() {
            this.result.complete(Optional.empty());
        }
    }

    private final class Subscriber implements Subscription {

        final String space;

        final Template template;

        final Consumer<Tuple> listener;

        private volatile boolean cancelled;

        Subscriber(String space, Template template, Consumer<Tuple> listener) {
            this.space = space;
            this.template = template;
            this.listener = listener;
        }

        private final Queue<Tuple> queue = new ConcurrentLinkedQueue<>();

        private final AtomicBoolean draining = new AtomicBoolean();

        /** In write order, one at a time, on a worker. */
        void deliver(Tuple tuple) {
            if (this.cancelled) {
                return;
            }
            this.queue.add(tuple);
            if (this.draining.compareAndSet(false, true)) {
                TupleSpace.this.workers.execute(this::drain);
            }
        }

        private void drain() {
            do {
                Tuple next;
                while ((next = this.queue.poll()) != null) {
                    if (!this.cancelled) {
                        this.listener.accept(next);
                    }
                }
                this.draining.set(false);
            }
            while (!this.queue.isEmpty() && this.draining.compareAndSet(false, true));
        }

        @Override
        public void cancel() {
            if (!this.cancelled) {
                this.cancelled = true;
                TupleSpace.this.subscribers.getOrDefault(this.space, List.of()).remove(this);
                TupleSpace.this.subscriptions.decrementAndGet();
                TupleSpace.this.waiters.decrementAndGet();
            }
        }
    }

    /**
     * A taker queued in the store. Its tuple may arrive (a hand-off) before the take that queued
     * it has attached itself: the hand-off waits for it. Its tuple is claimed in the store before
     * it completes the result, so a tuple reaches one taker even if this instance was taken for lost.
     */
    private final class PendingTake implements Wait {

        final long id;

        final CompletableFuture<Optional<Tuple>> result = new CompletableFuture<>();

        private boolean attached;

        private boolean abandoned;

        private @Nullable WriteEvent arrived;

        PendingTake(long id) {
            this.id = id;
        }

        @Override
        public CompletableFuture<Optional<Tuple>> result() {
            return this.result;
        }

        void attach() {
            WriteEvent early;
            synchronized (this) {
                this.attached = true;
                early = this.arrived;
            }
            if (early != null) {
                TupleSpace.this.workers.execute(() -> deliver(early));
            }
        }

        void handOff(WriteEvent write) {
            synchronized (this) {
                if (!this.attached) {
                    this.arrived = write;
                    return;
                }
            }
            deliver(write);
        }

        private void deliver(WriteEvent write) {
            boolean giveBack;
            synchronized (this) {
                giveBack = this.abandoned;
            }
            if (giveBack) {
                TupleSpace.this.store.release(write.tupleId(), this.id);
                this.result.complete(Optional.empty());
            }
            else if (TupleSpace.this.store.claim(write.tupleId(), this.id)) {
                this.result.complete(Optional.of(write.tuple()));
            }
        }

        @Override
        public void cancel() {
            TupleSpace.this.workers.execute(() -> stop(true));
        }

        /** Timeout ({@code abandon} false) or the client gone ({@code abandon} true). */
        void stop(boolean abandon) {
            if (this.result.isDone()) {
                return;
            }
            if (TupleSpace.this.store.cancelTaker(this.id)) {
                this.result.complete(Optional.empty());
                return;
            }
            // a write handed this taker its tuple: it is on its way, and is given back if nobody wants it
            if (abandon) {
                synchronized (this) {
                    this.abandoned = true;
                }
            }
        }
    }

    private record Done(CompletableFuture<Optional<Tuple>> result) implements Wait {

        static Done of(Tuple tuple) {
            return new Done(CompletableFuture.completedFuture(Optional.of(tuple)));
        }

        @Override
        public void cancel() {
        }
    }
}
