package dev.msgsuite.talker.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.support.InMemoryMesh;
import dev.msgsuite.talker.support.InMemoryMesh.Node;
import dev.msgsuite.talker.support.InMemoryMesh.User;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Whatever a client types (any line the decoder lets through), an anonymous user and an operator
 * get speech or a command's answer or its one error line; the line never fails the server, here
 * or on a linked one.
 */
class CommandPropertyTests {

    private static final String FAILED = "Error: the server failed to handle that line";

    private InMemoryMesh mesh;

    private Node a;

    private Node b;

    private User guest;

    private User operator;

    private User listener;

    @BeforeTry
    void twoLinkedServers() {
        this.mesh = new InMemoryMesh();
        this.a = this.mesh.node("a");
        this.b = this.mesh.node("b");
        this.mesh.link(this.a, this.b);
        this.guest = this.a.connect("guest");
        this.operator = this.a.connect("oper");
        this.operator.type("/oper " + InMemoryMesh.OPERATOR_PASSWORD);
        this.listener = this.b.connect("listener");
        this.mesh.pump();
    }

    @Property(tries = 1500)
    void anyLineIsHandledWithoutAFailure(@ForAll("clientLines") String line) {
        this.guest.type(line);
        this.operator.type(line);
        this.mesh.pump();
        this.a.scheduler().elapse();
        this.b.scheduler().elapse();
        this.mesh.pump();

        for (User user : List.of(this.guest, this.operator, this.listener)) {
            assertThat(user.lines()).doesNotContain(FAILED);
        }
        assertThat(this.a.metrics().peerLinesFailedCount() + this.b.metrics().peerLinesFailedCount()).isZero();
    }

    @Provide
    Arbitrary<String> clientLines() {
        Arbitrary<String> words = Arbitraries.strings().withChars("abcXYZ019|;:-./é☃\t *%")
            .withCharRange('\u0080', '\u00ff').ofMaxLength(30);
        Arbitrary<String> commands = Arbitraries.of("/help", "/quit", "/who", "/nick", "/tell", "/me", "/reachable",
                "/peers", "/oper", "/kill", "/peer-listen", "/peer-connect", "/peer-kill", "/", "/unknown");
        Arbitrary<String> command = Combinators.combine(commands, words.list().ofMaxSize(4),
                Arbitraries.of("", " ", "  ", "\t"))
            .as((name, args, padding) -> padding + name + (args.isEmpty() ? "" : " " + String.join(" ", args)));
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(120)
            .map(text -> text.chars().filter(c -> c >= 0x20 && c != 0x7f || c == '\t')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        return Arbitraries.oneOf(command, any, words);
    }
}
