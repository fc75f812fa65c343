package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.space.HomedSpace.Stored;
import dev.msgsuite.tuplespace.store.TupleStore.Change;
import dev.msgsuite.tuplespace.tuples.Refusal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the homes of this instance store and remove to the database, on one thread, in the
 * order the spaces made the changes: everything queued meanwhile goes in one transaction (group
 * commit), so the commits per second do not bound the operations per second. A tuple stored and
 * taken within one batch is never written. When a batch fails, or a space turns out to be claimed
 * by another instance, the futures of its changes fail and the space is discarded
 * ({@code onLost}), to be loaded again from what the database holds.
 */
final class Journal {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private static final int MAX_BATCH = 1000;

    /** Applies a batch in one transaction; answers the spaces that were not applied because another instance claimed them. */
    private final Function<List<Change>, Set<String>> store;

    private final Consumer<HomedSpace> onLost;

    private final long gatherNanos;

    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();

    private final Thread writer;

    private volatile boolean running = true;

    Journal(Function<List<Change>, Set<String>> store, Consumer<HomedSpace> onLost, java.time.Duration gatherTime) {
        this.store = store;
        this.onLost = onLost;
        this.gatherNanos = gatherTime.toNanos();
        this.writer = Thread.ofPlatform().name("tuplespace-journal").daemon().start(this::run);
    }

    CompletableFuture<Void> insert(HomedSpace space, Stored tuple) {
        return enqueue(new Entry(space, tuple, true));
    }

    CompletableFuture<Void> delete(HomedSpace space, Stored tuple) {
        return enqueue(new Entry(space, tuple, false));
    }

    private CompletableFuture<Void> enqueue(Entry entry) {
        if (!this.running) {
            entry.done.completeExceptionally(new Refusal(Refusal.Reason.UNAVAILABLE, "This instance is stopping; retry"));
            return entry.done;
        }
        this.queue.add(entry);
        return entry.done;
    }

    /** Writes what is queued, then stops taking changes (a clean stop). */
    void close() {
        this.running = false;
        this.writer.interrupt();
        try {
            this.writer.join(10_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        List<Entry> rest = new ArrayList<>();
        this.queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

    private void run() {
        List<Entry> batch = new ArrayList<>();
        while (this.running) {
            try {
                gather(batch);
            }
            catch (InterruptedException ex) {
                this.queue.drainTo(batch);
                write(batch);
                break;
            }
            write(batch);
            batch.clear();
        }
    }

    /**
     * Collects a batch: what is queued, and while the batch holds an insert no delete cancelled
     * yet, whatever comes within {@code gather-time} of the first entry. A tuple written while its
     * taker is on the way (a ping-pong's usual race) is then taken before it was written, and both
     * answer without a commit; a batch of deletes only, or of cancelled pairs, goes at once.
     */
    private void gather(List<Entry> batch) throws InterruptedException {
        Entry first = this.queue.take();
        long deadline = System.nanoTime() + this.gatherNanos;
        Set<Stored> uncancelled = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Entry next = first;
        while (next != null) {
            batch.add(next);
            if (next.insert) {
                uncancelled.add(next.tuple);
            }
            else {
                uncancelled.remove(next.tuple);
            }
            next = this.queue.poll();
            if (next == null && !uncancelled.isEmpty() && batch.size() < MAX_BATCH) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    next = this.queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            }
            if (batch.size() >= MAX_BATCH) {
                break;
            }
        }
    }

    private void write(List<Entry> batch) {
        // a tuple inserted and deleted in this batch never reaches the database
        Map<Stored, Entry> inserted = new IdentityHashMap<>();
        Set<Stored> cancelled = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Entry entry : batch) {
            if (entry.insert) {
                inserted.put(entry.tuple, entry);
            }
            else if (inserted.containsKey(entry.tuple)) {
                cancelled.add(entry.tuple);
            }
        }
        List<Change> changes = new ArrayList<>(batch.size());
        for (Entry entry : batch) {
            if (!cancelled.contains(entry.tuple)) {
                changes.add(new Change(entry.space.name, entry.space.epoch, entry.tuple.id(), entry.insert ? entry.tuple.tuple() : null,
                        entry.tuple.expiresAt()));
            }
        }
        Set<String> lost;
        try {
            lost = changes.isEmpty() ? Set.of() : this.store.apply(changes);
        }
        catch (RuntimeException ex) {
            log.warn("Could not write {} tuple changes to the database; their spaces are reloaded: {}", changes.size(), ex.getMessage());
            Refusal failed = new Refusal(Refusal.Reason.UNAVAILABLE, "The database did not take this change; retry");
            Set<HomedSpace> spaces = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            batch.forEach(entry -> spaces.add(entry.space));
            // let the spaces go first: a client told of the failure finds them reloaded, not as they were
            spaces.forEach(this.onLost);
            batch.forEach(entry -> entry.done.completeExceptionally(failed));
            return;
        }
        Set<HomedSpace> moved = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        batch.stream().filter(entry -> lost.contains(entry.space.name)).forEach(entry -> moved.add(entry.space));
        if (!moved.isEmpty()) {
            Set<String> names = new HashSet<>();
            moved.forEach(space -> names.add(space.name));
            log.warn("Spaces {} were claimed by another instance; this instance lets them go", names);
            // before anyone is answered: a client told of the refusal must not find the space as it was
            moved.forEach(this.onLost);
        }
        Refusal notHome = new Refusal(Refusal.Reason.UNAVAILABLE, "Another instance serves this space now; retry");
        for (Entry entry : batch) {
            if (moved.contains(entry.space)) {
                entry.done.completeExceptionally(notHome);
            }
            else {
                entry.done.complete(null);
            }
        }
    }

    private record Entry(HomedSpace space, Stored tuple, boolean insert, CompletableFuture<Void> done) {

        Entry(HomedSpace space, Stored tuple, boolean insert) {
            this(space, tuple, insert, new CompletableFuture<>());
        }
    }
}
