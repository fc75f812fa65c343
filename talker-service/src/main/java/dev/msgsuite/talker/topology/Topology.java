package dev.msgsuite.talker.topology;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What this server knows of the mesh: per other server, its direct neighbours from its latest
 * {@code i-see}; and the servers reachable from here (breadth-first over those tables, starting
 * with this server's own live links). Tables of unreachable servers are dropped, so a server that
 * comes back counts as new.
 */
public final class Topology {

    /** Most neighbours one {@code i-see} may name. */
    public static final int MAX_NEIGHBOURS = 256;

    /** Most other servers whose tables are kept: a peer inventing servers cannot grow them without bound. */
    public static final int MAX_SERVERS = 1024;

    private record Table(long messageId, Set<String> neighbours) {
    }

    private final String self;

    private final Map<String, Table> tables = new HashMap<>();

    private Set<String> reachable;

    public Topology(String self) {
        this.self = self;
        this.reachable = Set.of(self);
    }

    /**
     * Records an {@code i-see}; an older one than already known is ignored unless it came over the
     * source's own link (which never brings an old one: a newer id known here was forged). Beyond
     * {@link #MAX_SERVERS} tables a new server is not recorded.
     * @return whether the source was unknown until now
     */
    public boolean record(String source, long messageId, Set<String> neighbours, boolean fromSourcesLink) {
        if (neighbours.size() > MAX_NEIGHBOURS) {
            throw new IllegalArgumentException("more than " + MAX_NEIGHBOURS + " neighbours");
        }
        Table known = this.tables.get(source);
        if (known == null && this.tables.size() >= MAX_SERVERS) {
            return false;
        }
        if (known == null || messageId > known.messageId() || fromSourcesLink) {
            this.tables.put(source, new Table(messageId, Set.copyOf(neighbours)));
        }
        return known == null;
    }

    /** Servers whose tables are kept. */
    public int tables() {
        return this.tables.size();
    }

    /** Recomputes the reachable servers from this server's direct neighbours. */
    public Set<String> recompute(Collection<String> directNeighbours) {
        Set<String> seen = new LinkedHashSet<>();
        seen.add(this.self);
        ArrayDeque<String> queue = new ArrayDeque<>();
        for (String neighbour : directNeighbours) {
            if (seen.add(neighbour)) {
                queue.add(neighbour);
            }
        }
        while (!queue.isEmpty()) {
            Table table = this.tables.get(queue.poll());
            if (table == null) {
                continue;
            }
            for (String next : table.neighbours()) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        this.tables.keySet().retainAll(seen);
        this.reachable = Set.copyOf(seen);
        return this.reachable;
    }

    /** Reachable servers, this one included. */
    public Set<String> reachable() {
        return this.reachable;
    }
}
