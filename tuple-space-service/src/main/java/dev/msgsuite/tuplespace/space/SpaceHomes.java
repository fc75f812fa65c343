package dev.msgsuite.tuplespace.space;

import dev.msgsuite.tuplespace.store.TupleStore;
import dev.msgsuite.tuplespace.tuples.Refusal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance serves each space. A space's home is the instance named in the database's
 * {@code space_homes}: the first instance a space is used on claims it, and an instance takes over
 * the spaces of one that is lost (no heartbeat for {@code instance-lost-after}) the next time it
 * serves them, loading their stored tuples. Each claim raises the space's epoch, which fences the
 * journal of the previous home. Spaces homed elsewhere are reached over a {@link PeerLink}.
 */
final class SpaceHomes {

    private static final Logger log = LoggerFactory.getLogger(SpaceHomes.class);

    private final TupleStore store;

    private final Waiters waiters;

    private final StoredBytes budget;

    private final ScheduledExecutorService timer;

    private final TupleIds ids;

    private final Journal journal;

    private final Map<String, Home> homes = new ConcurrentHashMap<>();

    private final Map<UUID, PeerLink> links = new ConcurrentHashMap<>();

    private final Object[] stripes = new Object[64];

    private volatile @Nullable String clusterToken;

    /** Until when (System.nanoTime) this instance counts as alive to the others: its heartbeat renews it. */
    private volatile long aliveUntil;

    private volatile Runnable heartbeat = () -> {
    };

    SpaceHomes(TupleStore store, Waiters waiters, StoredBytes budget, ScheduledExecutorService timer,
            java.time.Duration gatherTime) {
        this.store = store;
        this.waiters = waiters;
        this.budget = budget;
        this.timer = timer;
        this.ids = new TupleIds(store);
        this.journal = new Journal(store::apply, this::lost, gatherTime);
        for (int i = 0; i < this.stripes.length; i++) {
            this.stripes[i] = new Object();
        }
    }

    /** Where {@code space} is served: here, or over a link to its home. */
    Home resolve(String space) {
        Home home = this.homes.get(space);
        if (valid(home)) {
            return home;
        }
        synchronized (this.stripes[Math.floorMod(space.hashCode(), this.stripes.length)]) {
            home = this.homes.get(space);
            if (valid(home)) {
                return home;
            }
            if (home != null) {
                this.homes.remove(space, home);
            }
            for (int attempt = 0; attempt < 5; attempt++) {
                TupleStore.Home row = this.store.home(space).orElse(null);
                if (row == null) {
                    if (this.store.claimNew(space)) {
                        return adopt(space, 1);
                    }
                }
                else if (row.instance().equals(this.store.instance()) || !row.alive()) {
                    // a space this instance let go of (a failed journal write), or whose home is lost: a new epoch fences the old journal
                    if (this.store.takeOver(space, row)) {
                        if (!row.instance().equals(this.store.instance())) {
                            log.info("Taking space {} over from lost instance {}", space, row.instance());
                        }
                        return adopt(space, row.epoch() + 1);
                    }
                }
                else if (row.address() != null) {
                    Home remote = new Remote(link(row.instance(), row.address()));
                    this.homes.put(space, remote);
                    return remote;
                }
            }
            throw new Refusal(Refusal.Reason.UNAVAILABLE, "Could not find which instance serves space " + space + "; retry");
        }
    }

    /** Forgets where {@code space} is served if it is still {@code home}, so the next operation looks again. */
    void forget(String space, Home home) {
        this.homes.remove(space, home);
    }

    /** The spaces this instance is home of. */
    List<HomedSpace> local() {
        return this.homes.values().stream().filter(Local.class::isInstance).map(home -> ((Local) home).space()).toList();
    }

    /** The heartbeat succeeded: the others count this instance alive for {@code forMillis} more. */
    void alive(long forMillis) {
        this.aliveUntil = System.nanoTime() + forMillis * 1_000_000;
    }

    /** Whether the others still count this instance alive: if not, it must not serve its spaces. */
    boolean alive() {
        return System.nanoTime() - this.aliveUntil < 0;
    }

    /** Whether this instance is alive, after a heartbeat now if the last one is too old (a late or paused scheduler). */
    boolean aliveNow() {
        if (!alive()) {
            this.heartbeat.run();
        }
        return alive();
    }

    void whenStale(Runnable heartbeat) {
        this.heartbeat = heartbeat;
    }

    /** This instance was taken for lost, or is stopping: every space it is home of ends here. */
    void letGoOfAll(Refusal why) {
        for (HomedSpace space : local()) {
            this.homes.remove(space.name, new Local(space));
            space.discard(why);
        }
    }

    /** A clean stop: pending changes written, spaces ended, homes given up, links closed. */
    void close() {
        this.journal.close();
        letGoOfAll(new Refusal(Refusal.Reason.UNAVAILABLE, "This instance is stopping; retry"));
        try {
            this.store.releaseHomes();
        }
        catch (RuntimeException ex) {
            log.warn("Could not give up the homes of this instance; others take its spaces over once it counts as lost: {}", ex.getMessage());
        }
        this.links.values().forEach(PeerLink::close);
    }

    private boolean valid(@Nullable Home home) {
        return switch (home) {
            case null -> false;
            case Local local -> !local.space().discarded();
            case Remote remote -> remote.link().open();
        };
    }

    private Home adopt(String space, long epoch) {
        List<HomedSpace.Stored> loaded = this.store.load(space).stream()
                .map(row -> new HomedSpace.Stored(row.id(), row.tuple(), row.expiresAt(), row.bytes())).toList();
        loaded.stream().mapToLong(HomedSpace.Stored::id).max().ifPresent(this.ids::above);
        Home home = new Local(new HomedSpace(space, epoch, loaded, this.journal, this.ids, this.waiters, this.timer, this.budget));
        this.homes.put(space, home);
        log.debug("This instance is home of space {} (epoch {}, {} tuples loaded)", space, epoch, loaded.size());
        return home;
    }

    private void lost(HomedSpace space) {
        this.homes.remove(space.name, new Local(space));
        space.discard(new Refusal(Refusal.Reason.UNAVAILABLE, "Space " + space.name + " is being reloaded; retry"));
    }

    private PeerLink link(UUID instance, String address) {
        synchronized (this.links) {
            PeerLink link = this.links.get(instance);
            if (link != null && link.open()) {
                return link;
            }
            String token = this.clusterToken;
            if (token == null) {
                token = this.store.clusterToken();
                this.clusterToken = token;
            }
            link = new PeerLink(instance, URI.create(address), token, this::closed);
            this.links.put(instance, link);
            return link;
        }
    }

    private void closed(PeerLink link) {
        this.links.remove(link.instance, link);
        this.homes.entrySet().removeIf(entry -> entry.getValue() instanceof Remote remote && remote.link() == link);
    }

    /** Where a space is served. */
    sealed interface Home {
    }

    record Local(HomedSpace space) implements Home {
    }

    record Remote(PeerLink link) implements Home {
    }

    /** Tuple ids from blocks of {@link TupleStore#ID_BLOCK} the database hands out, in increasing order. */
    private static final class TupleIds implements LongSupplier {

        private final TupleStore store;

        private long next;

        private long end;

        TupleIds(TupleStore store) {
            this.store = store;
        }

        @Override
        public synchronized long getAsLong() {
            if (this.next >= this.end) {
                this.next = this.store.reserveIds();
                this.end = this.next + TupleStore.ID_BLOCK;
            }
            return this.next++;
        }

        /** The next id is above {@code id} (a loaded tuple's), so a space keeps its write order in the database. */
        synchronized void above(long id) {
            if (this.next <= id) {
                this.end = this.next;
            }
        }
    }
}
