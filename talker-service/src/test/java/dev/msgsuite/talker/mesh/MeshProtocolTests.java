package dev.msgsuite.talker.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.support.InMemoryMesh;
import dev.msgsuite.talker.topology.Topology;
import dev.msgsuite.talker.support.InMemoryMesh.Node;
import dev.msgsuite.talker.support.InMemoryMesh.User;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer protocol between cores linked in memory: no sockets, no threads. */
class MeshProtocolTests {

    private final InMemoryMesh mesh = new InMemoryMesh();

    private final Node a = this.mesh.node("a");

    private final Node b = this.mesh.node("b");

    private final Node c = this.mesh.node("c");

    @Test
    void speechCrossesATriangleExactlyOnce() {
        triangle();
        User alice = this.a.connect("alice");
        User bob = this.b.connect("bob");
        User carol = this.c.connect("carol");
        this.mesh.pump();

        alice.type("hello everyone");
        this.mesh.pump();

        for (User user : new User[] { alice, bob, carol }) {
            assertThat(Collections.frequency(user.lines(), "alice: hello everyone")).isOne();
        }
        assertThat(this.b.metrics().duplicatesDroppedCount() + this.c.metrics().duplicatesDroppedCount()).isPositive();
    }

    @Test
    void eachServerHearsOnlyItsOwnUsersSpeechSoABridgedLineIsHeardOnce() {
        triangle();
        List<String> heard = new ArrayList<>();
        for (Node node : new Node[] { this.a, this.b, this.c }) {
            node.core().chat().onLocalSpeech((nickname, text, action) -> heard.add(node.id() + " " + nickname + (action ? " * " : ": ") + text));
        }
        User alice = this.a.connect("alice");
        User bob = this.b.connect("bob");
        this.mesh.pump();

        alice.type("hello everyone");
        bob.type("/me waves");
        this.mesh.pump();

        assertThat(heard).containsExactly("a alice: hello everyone", "b bob * waves");
    }

    @Test
    void joinsLeavesAndRenamesReachEveryServer() {
        chain();
        User carol = this.c.connect("carol");
        User alice = this.a.connect("alice");
        this.mesh.pump();
        assertThat(carol.lines()).containsSubsequence("guest1 has joined", "guest1 renames themself as alice");

        alice.type("/nick alicia");
        alice.leave();
        this.mesh.pump();

        assertThat(carol.lines()).containsSubsequence("alice renames themself as alicia", "alicia has left");
    }

    @Test
    void everyServerOfAChainSeesTheWholeChain() {
        chain();

        assertThat(this.a.core().mesh().reachable()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(this.c.core().mesh().reachable()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void reachableShrinksWhenALinkIsCutAndConvergesWhenItIsRestored() {
        chain();

        this.mesh.unlink(this.b, this.c);
        assertThat(this.a.core().mesh().reachable()).containsExactlyInAnyOrder("a", "b");
        assertThat(this.c.core().mesh().reachable()).containsExactly("c");

        this.mesh.link(this.c, this.a);
        assertThat(this.a.core().mesh().reachable()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(this.b.core().mesh().reachable()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(this.c.core().mesh().reachable()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void whoGathersTheUsersOfEveryReachableServer() {
        chain();
        User alice = this.a.connect("alice");
        this.c.connect("carol");
        this.c.connect("dave");
        this.mesh.pump();
        alice.client().clear();

        alice.type("/who");
        this.mesh.pump();

        assertThat(alice.lines()).first().isEqualTo("There are 3 users online on 3 servers:");
        assertThat(alice.lines()).contains("  Server: a (this server)", "  Server: b", "  Server: c", "    alice",
                "    carol", "    dave");
        assertThat(alice.lines()).noneMatch(line -> line.startsWith("Partial"));
    }

    @Test
    void whoAnswersPartiallyAtTheTimeoutNamingTheSilentServers() {
        this.mesh.link(this.a, this.b);
        User alice = this.a.connect("alice");
        this.mesh.pump();
        // b claims a neighbour that never answers anything.
        this.mesh.inject(this.a, this.b, "b|1000|TopologyObserver|i-see|a;ghost");
        alice.client().clear();

        alice.type("/who");
        this.mesh.pump();
        assertThat(alice.lines()).isEmpty();
        this.a.scheduler().elapse();

        assertThat(alice.lines()).first().isEqualTo("There are 1 user online on 2 servers:");
        assertThat(alice.client().last()).isEqualTo("Partial answer: no reply within 2000 ms from 1 server: ghost");
    }

    @Test
    void tellReachesAUserOnAnotherServer() {
        chain();
        User alice = this.a.connect("alice");
        User carol = this.c.connect("carol");
        this.mesh.pump();

        alice.type("/tell carol meet me at b");
        this.mesh.pump();

        assertThat(carol.client().last()).isEqualTo("alice whispers: meet me at b");
        assertThat(alice.client().last()).isEqualTo("You whisper to carol: meet me at b");
    }

    @Test
    void tellToNobodyAnywhereSaysSoAtTheTimeout() {
        chain();
        User alice = this.a.connect("alice");
        this.mesh.pump();

        alice.type("/tell zed hello?");
        this.mesh.pump();
        this.a.scheduler().elapse();

        assertThat(alice.client().last()).isEqualTo("No user named zed answered on the 3 reachable servers");
    }

    @Test
    void malformedPeerLinesAreCountedAndTheLinkIsKept() {
        this.mesh.link(this.a, this.b);
        User alice = this.a.connect("alice");
        this.mesh.pump();

        this.mesh.inject(this.a, this.b, "garbage without pipes");
        this.mesh.inject(this.a, this.b, "b|2000|SpeechObserver|SAY|no-text-field");
        this.mesh.inject(this.a, this.b, "b|2001|SpeechObserver|SAY|bob|still here");

        assertThat(this.a.metrics().malformedDroppedCount()).isEqualTo(2);
        assertThat(alice.client().last()).isEqualTo("bob: still here");
    }

    @Test
    void aReplayedLineIsDroppedAndCounted() {
        this.mesh.link(this.a, this.b);
        User alice = this.a.connect("alice");
        this.mesh.pump();

        this.mesh.inject(this.a, this.b, "b|3000|SpeechObserver|SAY|bob|once");
        this.mesh.inject(this.a, this.b, "b|3000|SpeechObserver|SAY|bob|once");

        assertThat(Collections.frequency(alice.lines(), "bob: once")).isOne();
        assertThat(this.a.metrics().duplicatesDroppedCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void linesForUnknownObserversAreForwardedUnchanged() {
        chain();
        User carol = this.c.connect("carol");
        this.mesh.pump();

        this.mesh.inject(this.b, this.a, "a|4000|FutureObserver|dance|x");
        this.mesh.inject(this.b, this.a, "a|4001|SpeechObserver|SAY|alice|after the unknown");

        assertThat(carol.client().last()).isEqualTo("alice: after the unknown");
    }

    @Test
    void aMessageIdNearLongMaxIsRefusedForwardedNowhereAndTheSourceIsStillHeard() {
        chain();
        Node rogue = this.mesh.node("rogue");
        this.mesh.link(rogue, this.c);
        User alice = this.a.connect("alice");
        User bob = this.b.connect("bob");
        User carol = this.c.connect("carol");
        this.mesh.pump();
        double linesIntoB = peerLinesIn(this.b);

        this.mesh.inject(this.c, rogue, "a|9223372036854775807|SpeechObserver|SAY|alice|forged");

        assertThat(this.c.metrics().malformedDroppedCount()).isOne();
        assertThat(peerLinesIn(this.b)).isEqualTo(linesIntoB);
        alice.type("still here");
        alice.type("and again");
        this.mesh.pump();
        for (User user : new User[] { alice, bob, carol }) {
            assertThat(user.lines()).doesNotContain("alice: forged");
            assertThat(Collections.frequency(user.lines(), "alice: still here")).isOne();
            assertThat(Collections.frequency(user.lines(), "alice: and again")).isOne();
        }
    }

    @Test
    void anIdForgedAheadOfTheSourceIsRefusedByTheSourcesNeighbourAndNeverReachesTheRest() {
        chain();
        Node rogue = this.mesh.node("rogue");
        this.mesh.link(rogue, this.b);
        User alice = this.a.connect("alice");
        User carol = this.c.connect("carol");
        this.mesh.pump();

        this.mesh.inject(this.b, rogue, "a|" + System.currentTimeMillis() * 1000 + "|SpeechObserver|SAY|alice|forged");

        assertThat(this.b.metrics().peerLinesRefused("ahead-of-source")).isOne();
        alice.type("still here");
        this.mesh.pump();
        assertThat(carol.lines()).doesNotContain("alice: forged");
        assertThat(Collections.frequency(carol.lines(), "alice: still here")).isOne();
    }

    @Test
    void idsForgedAheadAtAServerWithoutALinkToTheSourceCannotSilenceIt() {
        chain();
        Node rogue = this.mesh.node("rogue");
        this.mesh.link(rogue, this.c);
        User alice = this.a.connect("alice");
        User bob = this.b.connect("bob");
        User carol = this.c.connect("carol");
        this.mesh.pump();

        long future = System.currentTimeMillis() * 1000;
        this.mesh.inject(this.c, rogue, "a|" + future + "|SpeechObserver|SAY|alice|forged");
        this.mesh.inject(this.c, rogue, "a|" + (future + 1) + "|PresenceObserver|left|alice");
        this.mesh.inject(this.c, rogue, "a|" + future + "|SpeechObserver|SAY|alice|forged");
        alice.type("still here");
        alice.type("and again");
        this.mesh.pump();

        // c cannot tell the forgery from alice (the shared secret keeps rogue peers out), but
        // her server's lines still count as new there, once each; b, her server's neighbour,
        // refused the forgeries c passed on.
        assertThat(Collections.frequency(carol.lines(), "alice: forged")).isOne();
        assertThat(Collections.frequency(carol.lines(), "alice: still here")).isOne();
        assertThat(Collections.frequency(carol.lines(), "alice: and again")).isOne();
        assertThat(bob.lines()).doesNotContain("alice: forged").containsOnlyOnce("alice: still here");
        assertThat(this.b.metrics().peerLinesRefused("ahead-of-source")).isEqualTo(2);
    }

    @Test
    void aPeerThatOnlyClaimsToBeTheSourceSilencesItForAMomentAtMost() {
        chain();
        User alice = this.a.connect("alice");
        User carol = this.c.connect("carol");
        this.mesh.pump();
        // c has no link to a; the pretender introduces itself to c as a, and says one line as a.
        InMemoryMesh.Node pretender = this.mesh.node("pretender");
        this.mesh.linkWithoutHandshake(pretender, this.c);
        this.mesh.inject(this.c, pretender, "!a|1|TopologyObserver|i-am|");
        this.mesh.inject(this.c, pretender, "a|2|FutureObserver|noise|");

        alice.type("waited for a link that never brings it");
        this.mesh.pump();
        assertThat(carol.lines()).doesNotContain("alice: waited for a link that never brings it");

        this.c.clock().addAndGet(java.time.Duration.ofMillis(SeenFilter.AUTHORITY_GRACE_MILLIS).toNanos());
        alice.type("heard again");
        alice.type("and again");
        this.mesh.pump();
        assertThat(Collections.frequency(carol.lines(), "alice: heard again")).isOne();
        assertThat(Collections.frequency(carol.lines(), "alice: and again")).isOne();
    }

    @Test
    void anISeeNamingTooManyNeighboursIsRefusedBeforeItIsForwarded() {
        chain();
        double linesIntoC = peerLinesIn(this.c);
        StringBuilder neighbours = new StringBuilder("b");
        for (int i = 0; i < Topology.MAX_NEIGHBOURS; i++) {
            neighbours.append(";ghost").append(i);
        }

        this.mesh.inject(this.b, this.a, "a|5000|TopologyObserver|i-see|" + neighbours);
        this.mesh.inject(this.b, this.a, "a|5001|TopologyObserver|i-see|b;not an id");

        assertThat(this.b.metrics().malformedDroppedCount()).isEqualTo(2);
        assertThat(peerLinesIn(this.c)).isEqualTo(linesIntoC);
        assertThat(this.b.core().mesh().reachable()).containsExactlyInAnyOrder("a", "b", "c");
    }

    private static double peerLinesIn(Node node) {
        return node.metrics().peerLinesInCount();
    }

    private void chain() {
        this.mesh.link(this.a, this.b);
        this.mesh.link(this.b, this.c);
    }

    private void triangle() {
        chain();
        this.mesh.link(this.c, this.a);
    }
}
