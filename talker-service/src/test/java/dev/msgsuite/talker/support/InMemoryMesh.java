package dev.msgsuite.talker.support;

import dev.msgsuite.talker.core.TalkerCore;
import dev.msgsuite.talker.settings.TalkerProperties;
import dev.msgsuite.talker.chat.ClientSession;
import dev.msgsuite.talker.commands.OperatorLogin;
import dev.msgsuite.talker.commands.OperatorThrottle;
import dev.msgsuite.talker.commands.PasswordCheck;
import dev.msgsuite.talker.commands.PasswordCheck.Verdict;
import dev.msgsuite.talker.commands.PeerControl;
import dev.msgsuite.talker.mesh.PeerLink;
import dev.msgsuite.talker.ops.TalkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Talker cores linked by in-memory links that deliver in FIFO order when the test pumps them: the
 * mesh protocol without sockets or threads.
 */
public final class InMemoryMesh {

    /** The operator password of every node made by {@link #node}; checked in plain text here, bcrypt is no unit's concern. */
    public static final String OPERATOR_PASSWORD = "sesame";

    /**
     * One server of the in-memory mesh; {@code clock} is the nanosecond clock its operator
     * throttle reads, and (from the wall clock at its start) its mesh's clock.
     */
    public record Node(String id, TalkerCore core, TalkerMetrics metrics, ManualScheduler scheduler,
            List<String> peerCommands, AtomicLong clock) {

        public User connect(String nickname) {
            return connect(nickname, "192.0.2.1");
        }

        /** A user connected from {@code host}. */
        public User connect(String nickname, String host) {
            FakeClient client = new FakeClient(host);
            ClientSession session = this.core.connect(client);
            this.core.line(session, "/nick " + nickname);
            client.clear();
            return new User(this.core, session, client);
        }
    }

    /** A connected client of one node. */
    public record User(TalkerCore core, ClientSession session, FakeClient client) {

        public void type(String line) {
            this.core.line(this.session, line);
        }

        public List<String> lines() {
            return this.client.lines();
        }

        public void leave() {
            this.core.disconnect(this.session);
        }
    }

    private record Delivery(Node to, Link via, String line) {
    }

    private final class Link implements PeerLink {

        private final Node to;

        private Link other;

        private boolean open = true;

        Link(Node to) {
            this.to = to;
        }

        @Override
        public void send(String line) {
            if (this.open) {
                InMemoryMesh.this.queue.add(new Delivery(this.to, this.other, line));
            }
        }

        @Override
        public void close(String reason) {
            cut(this);
        }

        @Override
        public String address() {
            return "memory";
        }

        @Override
        public boolean outgoing() {
            return false;
        }
    }

    // Only says "a password is configured": the in-memory check compares OPERATOR_PASSWORD itself.
    private static final String PLACEHOLDER_HASH = "$2a$04$" + "a".repeat(53);

    private final Queue<Delivery> queue = new ArrayDeque<>();

    private final Map<String, Node> nodes = new HashMap<>();

    private final Map<String, Link> links = new HashMap<>();

    private final Map<Link, Node> owners = new HashMap<>();

    /**
     * A server with the operator password {@value #OPERATOR_PASSWORD} whose {@code /peer-connect}
     * may dial {@code localhost}.
     */
    public Node node(String id) {
        return node(id, properties -> properties);
    }

    /** A server as {@code customizer} configures it (starting from {@link #node}'s settings). */
    public Node node(String id, UnaryOperator<TalkerProperties> customizer) {
        return this.nodes.computeIfAbsent(id, key -> {
            TalkerMetrics metrics = new TalkerMetrics(new SimpleMeterRegistry());
            ManualScheduler scheduler = new ManualScheduler();
            List<String> peerCommands = new ArrayList<>();
            PeerControl control = new PeerControl() {
                @Override
                public void listen(String host, int port, Consumer<String> reply) {
                    peerCommands.add("listen " + host + " " + port);
                    reply.accept("Listening for peers on " + host + ":" + port);
                }

                @Override
                public void connect(String host, int port, Consumer<String> reply) {
                    peerCommands.add("connect " + host + " " + port);
                    reply.accept("Linked to peer " + host + ":" + port);
                }

                @Override
                public boolean disconnect(String host, int port) {
                    peerCommands.add("disconnect " + host + " " + port);
                    return true;
                }
            };
            TalkerProperties defaults = TalkerProperties.defaults().withOperatorPasswordHash(PLACEHOLDER_HASH);
            TalkerProperties properties = customizer.apply(defaults.withPeers(defaults.peers()
                .withAllowedHosts(TalkerProperties.Peers.LOOPBACK, List.of("localhost"))));
            AtomicLong clock = new AtomicLong();
            PasswordCheck check = properties.operatorPasswordHash() == null ? null
                    : (attempt, answer) -> answer.accept(OPERATOR_PASSWORD.equals(attempt) ? Verdict.MATCH
                            : Verdict.MISMATCH);
            OperatorLogin operators = new OperatorLogin(check, OperatorThrottle.standard(clock::get), metrics);
            long started = System.currentTimeMillis();
            TalkerCore core = new TalkerCore(properties, key, 1, scheduler, control, operators, metrics,
                    () -> started + clock.get() / 1_000_000);
            return new Node(key, core, metrics, scheduler, peerCommands, clock);
        });
    }

    /** Links two servers (each side's link toward the other) and lets the handshake run. */
    public void link(Node a, Node b) {
        Link aSide = new Link(b);
        Link bSide = new Link(a);
        aSide.other = bSide;
        bSide.other = aSide;
        // aSide is the link a sends on; b receives it on bSide.
        this.owners.put(aSide, a);
        this.owners.put(bSide, b);
        this.links.put(a.id() + "-" + b.id(), aSide);
        this.links.put(b.id() + "-" + a.id(), bSide);
        a.core().mesh().linkUp(aSide);
        b.core().mesh().linkUp(bSide);
        pump();
    }

    /** Links two servers with only b's side up: a says nothing on it but what a test injects as a's. */
    public void linkWithoutHandshake(Node a, Node b) {
        Link aSide = new Link(b);
        Link bSide = new Link(a);
        aSide.other = bSide;
        bSide.other = aSide;
        this.owners.put(aSide, a);
        this.owners.put(bSide, b);
        this.links.put(a.id() + "-" + b.id(), aSide);
        this.links.put(b.id() + "-" + a.id(), bSide);
        b.core().mesh().linkUp(bSide);
        pump();
    }

    public void unlink(Node a, Node b) {
        cut(this.links.get(a.id() + "-" + b.id()));
        pump();
    }

    /** Injects a raw line as if the peer b sent it to a. */
    public void inject(Node a, Node from, String line) {
        Link onA = this.links.get(a.id() + "-" + from.id());
        a.core().mesh().receive(onA, line);
        pump();
    }

    /** Delivers every queued line, and what handling them queues, until the mesh is quiet. */
    public void pump() {
        Delivery next;
        while ((next = this.queue.poll()) != null) {
            if (next.via().open) {
                next.to().core().mesh().receive(next.via(), next.line());
            }
        }
    }

    private void cut(Link link) {
        if (!link.open) {
            return;
        }
        link.open = false;
        link.other.open = false;
        this.owners.get(link).core().mesh().linkDown(link);
        this.owners.get(link.other).core().mesh().linkDown(link.other);
    }
}
