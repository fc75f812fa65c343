package dev.msgsuite.talker.mesh;

import dev.msgsuite.support.logging.LogSafe;
import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer protocol of one server: numbering, flooding and de-duplicating peer lines, the
 * {@code i-am}/{@code i-see} topology, and handing each line to its observer. Not thread-safe: the
 * server calls it from its one event loop.
 */
public final class Mesh {

    public static final String TOPOLOGY = "TopologyObserver";

    /**
     * How far ahead of this server's clock a message id may be: ids are a counter from 1, or (with
     * a fixed server id) the start time in microseconds plus a counter, so a day ahead leaves room
     * for skewed clocks and busy servers while an id near {@code Long.MAX_VALUE} is refused.
     */
    static final long MAX_ID_LEAD_MILLIS = 86_400_000L;

    private static final Logger log = LoggerFactory.getLogger(Mesh.class);

    private static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final String self;

    private final TalkerMetrics metrics;

    private final LongSupplier clockMillis;

    private final SeenFilter seen;

    private final Topology topology;

    private final Map<String, MeshObserver> observers = new LinkedHashMap<>();

    // Link -> the peer's server id once its i-am arrived.
    private final Map<PeerLink, @Nullable String> links = new LinkedHashMap<>();

    // The seen filter keys its windows by these rather than by links, so a closed link is not kept alive.
    private final Map<PeerLink, Long> linkSerials = new HashMap<>();

    private long linkSerial;

    private long lastMessageId;

    /**
     * @param firstMessageId the first id this server stamps; ids must never repeat for one source
     */
    public Mesh(String self, long firstMessageId, TalkerMetrics metrics) {
        this(self, firstMessageId, metrics, System::currentTimeMillis);
    }

    /** @param clockMillis wall clock in milliseconds, bounding the message ids accepted from peers */
    public Mesh(String self, long firstMessageId, TalkerMetrics metrics, LongSupplier clockMillis) {
        this.self = self;
        this.lastMessageId = firstMessageId - 1;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
        this.seen = new SeenFilter(clockMillis);
        this.topology = new Topology(self);
    }

    public String self() {
        return this.self;
    }

    public void observe(String observer, MeshObserver handler) {
        this.observers.put(observer, handler);
    }

    public void linkUp(PeerLink link) {
        this.links.put(link, null);
        this.linkSerials.put(link, ++this.linkSerial);
        this.metrics.peers(this.links.size());
        unicast(link, TOPOLOGY, "i-am", "");
    }

    public void linkDown(PeerLink link) {
        if (!this.links.containsKey(link)) {
            return;
        }
        String peer = this.links.remove(link);
        this.linkSerials.remove(link);
        this.metrics.peers(this.links.size());
        if (peer != null) {
            recompute();
            broadcastISee();
        }
    }

    /**
     * Handles one line from a direct peer: drops it if malformed, implausible or already seen, else
     * floods and handles it. Nothing is forwarded or remembered before the line passed every check.
     */
    public void receive(PeerLink from, String raw) {
        this.metrics.peerLineIn();
        PeerLine line;
        try {
            line = PeerLine.parse(raw);
            check(line);
        }
        catch (PeerLine.MalformedPeerLineException ex) {
            malformed(from, raw, ex);
            return;
        }
        if (line.source().equals(this.self)) {
            this.metrics.duplicateDropped();
            return;
        }
        String linkPeer = this.links.get(from);
        // An i-am is never forwarded: it is the link's own peer introducing itself.
        boolean fromSourcesLink = line.source().equals(linkPeer)
                || (linkPeer == null && line.unicast() && line.observer().equals(TOPOLOGY)
                        && line.method().equals("i-am"));
        SeenFilter.Sighting sighting = this.seen.sighting(line.source(), line.messageId(),
                this.linkSerials.getOrDefault(from, -1L), fromSourcesLink, this.links.containsValue(line.source()));
        if (sighting == SeenFilter.Sighting.SEEN) {
            this.metrics.duplicateDropped();
            return;
        }
        if (sighting == SeenFilter.Sighting.AHEAD_OF_SOURCE) {
            this.metrics.peerLineRefused("ahead-of-source");
            return;
        }
        if (!line.unicast()) {
            for (PeerLink link : this.links.keySet()) {
                if (link != from) {
                    sendTo(link, raw);
                }
            }
        }
        try {
            dispatch(from, line, fromSourcesLink);
        }
        catch (PeerLine.MalformedPeerLineException ex) {
            malformed(from, raw, ex);
        }
        catch (RuntimeException ex) {
            // A bug must cost one line, never the link.
            this.metrics.peerLineFailed();
            log.error("Failed to handle a line from peer {}: {}", LogSafe.escape(from.address()), LogSafe.escape(raw),
                    ex);
        }
    }

    public void broadcast(String observer, String method, String args) {
        String raw = new PeerLine(false, this.self, nextMessageId(), observer, method, args).format();
        for (PeerLink link : this.links.keySet()) {
            sendTo(link, raw);
        }
    }

    public void unicast(PeerLink link, String observer, String method, String args) {
        sendTo(link, new PeerLine(true, this.self, nextMessageId(), observer, method, args).format());
    }

    /** Re-broadcasts this server's neighbours: keeps quiet links busy and other servers' tables fresh. */
    public void heartbeat() {
        if (!this.links.isEmpty()) {
            broadcastISee();
        }
    }

    /** Reachable servers, this one included. */
    public Set<String> reachable() {
        return this.topology.reachable();
    }

    public List<PeerLink> links() {
        return List.copyOf(this.links.keySet());
    }

    public @Nullable String peerId(PeerLink link) {
        return this.links.get(link);
    }

    /** Refusals that must come before the line is remembered or forwarded. */
    private void check(PeerLine line) {
        long newest = (this.clockMillis.getAsLong() + MAX_ID_LEAD_MILLIS) * 1000;
        if (line.messageId() > newest) {
            throw new PeerLine.MalformedPeerLineException("message id more than a day ahead of this server's clock");
        }
        if (line.observer().equals(TOPOLOGY) && line.method().equals("i-see")) {
            neighbours(line);
        }
    }

    private static Set<String> neighbours(PeerLine line) {
        Set<String> neighbours = new LinkedHashSet<>();
        int start = 0;
        String args = line.args();
        while (start <= args.length()) {
            int end = args.indexOf(';', start);
            if (end < 0) {
                end = args.length();
            }
            String id = args.substring(start, end).strip();
            if (!id.isEmpty()) {
                if (!SERVER_ID.matcher(id).matches()) {
                    throw new PeerLine.MalformedPeerLineException("bad server id in i-see");
                }
                neighbours.add(id);
                if (neighbours.size() > Topology.MAX_NEIGHBOURS) {
                    throw new PeerLine.MalformedPeerLineException(
                            "i-see names more than " + Topology.MAX_NEIGHBOURS + " neighbours");
                }
            }
            start = end + 1;
        }
        return neighbours;
    }

    private void dispatch(PeerLink from, PeerLine line, boolean fromSourcesLink) {
        if (line.observer().equals(TOPOLOGY)) {
            onTopology(from, line, fromSourcesLink);
            return;
        }
        MeshObserver observer = this.observers.get(line.observer());
        if (observer == null) {
            // Forwarded above already: a newer server may understand it.
            log.debug("No observer {} here; line {} only forwarded", LogSafe.escape(line.observer()),
                    line.messageId());
            return;
        }
        observer.onMessage(line);
    }

    private void onTopology(PeerLink from, PeerLine line, boolean fromSourcesLink) {
        switch (line.method()) {
            case "i-am" -> {
                // Once: a link that introduced itself cannot become another server.
                if (this.links.containsKey(from) && this.links.get(from) == null) {
                    this.links.put(from, line.source());
                    recompute();
                    broadcastISee();
                }
            }
            case "i-see" -> {
                boolean isNew = this.topology.record(line.source(), line.messageId(), neighbours(line),
                        fromSourcesLink);
                recompute();
                if (isNew) {
                    broadcastISee();
                }
            }
            default -> throw new PeerLine.MalformedPeerLineException("unknown topology method " + line.method());
        }
    }

    private void broadcastISee() {
        broadcast(TOPOLOGY, "i-see", String.join(";", directNeighbours()));
    }

    private List<String> directNeighbours() {
        return new ArrayList<>(this.links.values().stream().filter(Objects::nonNull).distinct().toList());
    }

    private void recompute() {
        this.metrics.reachableServers(this.topology.recompute(directNeighbours()).size());
    }

    private void sendTo(PeerLink link, String raw) {
        this.metrics.peerLineOut();
        link.send(raw);
    }

    private void malformed(PeerLink from, String raw, RuntimeException ex) {
        this.metrics.malformedDropped();
        log.debug("Dropped malformed line from peer {} ({}): {}", LogSafe.escape(from.address()),
                LogSafe.escape(ex.getMessage()), LogSafe.escape(raw));
    }

    private long nextMessageId() {
        return ++this.lastMessageId;
    }
}
