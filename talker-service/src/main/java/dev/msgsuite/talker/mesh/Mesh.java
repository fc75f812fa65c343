package dev.msgsuite.talker.mesh;

import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.topology.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
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

    private static final Logger log = LoggerFactory.getLogger(Mesh.class);

    private final String self;

    private final TalkerMetrics metrics;

    private final SeenFilter seen = new SeenFilter();

    private final Topology topology;

    private final Map<String, MeshObserver> observers = new LinkedHashMap<>();

    // Link -> the peer's server id once its i-am arrived.
    private final Map<PeerLink, @Nullable String> links = new LinkedHashMap<>();

    private long lastMessageId;

    /**
     * @param firstMessageId the first id this server stamps; ids must never repeat for one source
     */
    public Mesh(String self, long firstMessageId, TalkerMetrics metrics) {
        this.self = self;
        this.lastMessageId = firstMessageId - 1;
        this.metrics = metrics;
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
        this.metrics.peers(this.links.size());
        unicast(link, TOPOLOGY, "i-am", "");
    }

    public void linkDown(PeerLink link) {
        if (!this.links.containsKey(link)) {
            return;
        }
        String peer = this.links.remove(link);
        this.metrics.peers(this.links.size());
        if (peer != null) {
            recompute();
            broadcastISee();
        }
    }

    /** Handles one line from a direct peer: drops it if malformed or already seen, else floods and handles it. */
    public void receive(PeerLink from, String raw) {
        this.metrics.peerLineIn();
        PeerLine line;
        try {
            line = PeerLine.parse(raw);
        }
        catch (PeerLine.MalformedPeerLineException ex) {
            malformed(from, raw, ex);
            return;
        }
        if (line.source().equals(this.self) || !this.seen.firstSighting(line.source(), line.messageId())) {
            this.metrics.duplicateDropped();
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
            dispatch(from, line);
        }
        catch (PeerLine.MalformedPeerLineException ex) {
            malformed(from, raw, ex);
        }
        catch (RuntimeException ex) {
            // A bug must cost one line, never the link.
            this.metrics.malformedDropped();
            log.error("Failed to handle a line from peer {}", from.address(), ex);
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

    private void dispatch(PeerLink from, PeerLine line) {
        if (line.observer().equals(TOPOLOGY)) {
            onTopology(from, line);
            return;
        }
        MeshObserver observer = this.observers.get(line.observer());
        if (observer == null) {
            // Forwarded above already: a newer server may understand it.
            log.debug("No observer {} here; line {} only forwarded", line.observer(), line.messageId());
            return;
        }
        observer.onMessage(line);
    }

    private void onTopology(PeerLink from, PeerLine line) {
        switch (line.method()) {
            case "i-am" -> {
                if (this.links.containsKey(from)) {
                    this.links.put(from, line.source());
                    recompute();
                    broadcastISee();
                }
            }
            case "i-see" -> {
                Set<String> neighbours = Arrays.stream(line.args().split(";")).map(String::strip)
                    .filter(id -> !id.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
                boolean isNew = this.topology.record(line.source(), line.messageId(), neighbours);
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
        log.debug("Dropped malformed line from peer {} ({}): {}", from.address(), ex.getMessage(),
                raw.length() > 200 ? raw.substring(0, 200) + "..." : raw);
    }

    private long nextMessageId() {
        return ++this.lastMessageId;
    }
}
