package dev.msgsuite.talker.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.support.Allocations;
import dev.msgsuite.talker.support.InMemoryMesh;
import dev.msgsuite.talker.support.InMemoryMesh.Node;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Whatever text a peer sends as a line, parsing gives a {@link PeerLine} or a
 * {@link PeerLine.MalformedPeerLineException}, never another exception, and allocates in proportion
 * to the line; handling it costs the line at most (counted), never the link or a handler failure.
 */
class PeerLinePropertyTests {

    // A copy or two of the line (UTF-16, split parts), plus the record and a regex matcher or two.
    private static final long ALLOCATION_PER_CHAR = 16;

    private static final long ALLOCATION_ALLOWANCE = 16 * 1024;

    private InMemoryMesh mesh;

    private Node a;

    private Node b;

    private Node c;

    @BeforeProperty
    void linkThreeServers() {
        this.mesh = new InMemoryMesh();
        this.a = this.mesh.node("a");
        this.b = this.mesh.node("b");
        this.c = this.mesh.node("c");
        this.mesh.link(this.a, this.b);
        this.mesh.link(this.b, this.c);
        this.a.connect("alice");
        this.c.connect("carol");
        this.mesh.pump();
    }

    @Property(tries = 3000)
    void arbitraryTextIsAPeerLineOrRefused(@ForAll("anyText") String text) {
        parsesOrRefuses(text);
    }

    @Property(tries = 3000)
    void mutatedLinesAreAPeerLineOrRefused(@ForAll("validLines") String valid, @ForAll("mutations") Mutation mutation) {
        PeerLine line = parsesOrRefuses(mutation.apply(valid));
        if (line != null) {
            assertThat(PeerLine.parse(line.format())).isEqualTo(line);
            assertThat(line.messageId()).isNotNegative();
        }
    }

    @Property(tries = 500)
    void everyValidLineSurvivesTheRoundTrip(@ForAll("validLines") String valid) {
        assertThat(PeerLine.parse(valid).format()).isEqualTo(valid);
    }

    @Property(tries = 1000)
    void fieldsAreTheCountAskedForOrRefused(@ForAll("validLines") String valid, @ForAll @IntRange(min = 1, max = 6) int count) {
        PeerLine line = PeerLine.parse(valid);
        try {
            assertThat(line.fields(count)).hasSize(count);
        }
        catch (PeerLine.MalformedPeerLineException refused) {
            assertThat(line.args().split("\\|", -1).length).isLessThan(count);
        }
    }

    @Property(tries = 2000)
    void everyLineFromAPeerIsHandledOrCountedWithoutAFailure(@ForAll("hostileLines") String raw) {
        this.mesh.inject(this.b, this.a, raw);
        this.mesh.inject(this.b, this.c, raw);

        for (Node node : new Node[] { this.a, this.b, this.c }) {
            assertThat(node.metrics().peerLinesFailedCount()).as("handler failures on %s", node.id()).isZero();
        }
        assertThat(this.b.core().mesh().links()).hasSize(2);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("|!;0123456789-abcAZ._:").ofMaxLength(80));
    }

    @Provide
    Arbitrary<String> validLines() {
        Arbitrary<String> ids = Arbitraries.strings().withChars("abcdef0123456789").ofMinLength(1).ofMaxLength(20);
        Arbitrary<Long> messageIds = Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<String> observers = Arbitraries.of("SpeechObserver", "PresenceObserver", "WhoObserver", "TellObserver",
                "TopologyObserver", "FutureObserver");
        Arbitrary<String> methods = Arbitraries.of("SAY", "ACT", "joined", "left", "renamed", "who",
                "ScatterGatherMixin.gather", "tell", "told", "i-am", "i-see", "dance");
        Arbitrary<String> args = Arbitraries.strings().withChars("ab |;0123456789é☃").ofMaxLength(40);
        return Combinators.combine(Arbitraries.of(false, true), ids, messageIds, observers, methods, args)
            .as((unicast, source, id, observer, method, rest) -> new PeerLine(unicast, source, id, observer, method, rest)
                .format());
    }

    @Provide
    Arbitrary<String> hostileLines() {
        Arbitrary<String> mutated = Combinators.combine(validLines(), mutations()).as((line, mutation) -> mutation.apply(line));
        Arbitrary<String> poison = Arbitraries.longs().between(Long.MAX_VALUE - 1000, Long.MAX_VALUE)
            .map(id -> "a|" + id + "|SpeechObserver|SAY|alice|forged");
        Arbitrary<String> bigISee = Arbitraries.integers().between(0, 600).map(count -> {
            StringBuilder line = new StringBuilder("x|1|TopologyObserver|i-see|a");
            for (int i = 0; i < count; i++) {
                line.append(';').append("n").append(i);
            }
            return line.toString();
        });
        return Arbitraries.oneOf(mutated, anyText(), poison, bigISee);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Mutation> replace = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.chars())
            .as((at, value) -> line -> line.isEmpty() ? line
                    : line.substring(0, at % line.length()) + value + line.substring(at % line.length() + 1));
        Arbitrary<Mutation> insert = Combinators.combine(Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.of("|", "!", ";", "-", "0", "99999999999999999999", " ", "", "\u202e"))
            .as((at, value) -> line -> line.substring(0, at % (line.length() + 1)) + value
                    + line.substring(at % (line.length() + 1)));
        Arbitrary<Mutation> truncate = Arbitraries.integers().greaterOrEqual(0)
            .map(at -> line -> line.substring(0, at % (line.length() + 1)));
        return Arbitraries.oneOf(replace, insert, truncate);
    }

    interface Mutation extends Function<String, String> {
    }

    private static PeerLine parsesOrRefuses(String text) {
        PeerLine[] parsed = new PeerLine[1];
        Allocations.assertBounded(ALLOCATION_ALLOWANCE, ALLOCATION_PER_CHAR, text.length(), () -> {
            try {
                parsed[0] = PeerLine.parse(text);
            }
            catch (PeerLine.MalformedPeerLineException refused) {
                parsed[0] = null;
            }
        });
        return parsed[0];
    }
}
