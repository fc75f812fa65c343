package dev.msgsuite.talker.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.talker.support.InMemoryMesh;
import dev.msgsuite.talker.support.InMemoryMesh.Node;
import dev.msgsuite.talker.support.InMemoryMesh.User;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The talker's access table: every client command, who may use it, and a use of it whose effect
 * shows it ran. Each row is walked by an anonymous user of a server without an operator password,
 * an anonymous user of one with a password, and an operator. A command without a row fails.
 */
class CommandAccessTests {

    /** One command: a line that uses it, and what is true once it ran. */
    record Row(String command, Access access, String line, Predicate<Fixture> ran) {

        @Override
        public String toString() {
            return this.command;
        }
    }

    static final List<Row> TABLE = List.of(
            new Row("/help", Access.ANYONE, "/help", f -> f.alice().lines().contains("Commands:")),
            new Row("/quit", Access.ANYONE, "/quit", f -> "Bye, alice".equals(f.alice().client().closedWith())),
            new Row("/who", Access.ANYONE, "/who", f -> f.alice().lines().contains("There are 2 users online on 1 server:")),
            new Row("/nick", Access.ANYONE, "/nick carol", f -> f.bob().lines().contains("alice renames themself as carol")),
            new Row("/tell", Access.ANYONE, "/tell bob psst", f -> f.bob().lines().contains("alice whispers: psst")),
            new Row("/me", Access.ANYONE, "/me waves", f -> f.bob().lines().contains("* alice waves")),
            new Row("/reachable", Access.ANYONE, "/reachable",
                    f -> f.alice().lines().contains("There are 0 reachable peers:")),
            new Row("/peers", Access.ANYONE, "/peers",
                    f -> f.alice().lines().contains("There are 0 peers directly connected")),
            new Row("/oper", Access.OPERATOR_LOGIN, "/oper " + InMemoryMesh.OPERATOR_PASSWORD,
                    f -> f.alice().session().operator()),
            new Row("/kill", Access.OPERATOR, "/kill bob",
                    f -> "You have been killed by alice".equals(f.bob().client().closedWith())),
            new Row("/peer-listen", Access.OPERATOR, "/peer-listen 127.0.0.1 9000",
                    f -> f.server().peerCommands().contains("listen 127.0.0.1 9000")),
            new Row("/peer-connect", Access.OPERATOR, "/peer-connect localhost 9001",
                    f -> f.server().peerCommands().contains("connect localhost 9001")),
            new Row("/peer-kill", Access.OPERATOR, "/peer-kill localhost 9001",
                    f -> f.server().peerCommands().contains("disconnect localhost 9001")));

    /** Who types the row's line. */
    enum Caller {
        ANONYMOUS_WITHOUT_OPERATOR_PASSWORD, ANONYMOUS, OPERATOR
    }

    record Fixture(Node server, User alice, User bob) {
    }

    static Stream<Arguments> rowsAndCallers() {
        return TABLE.stream().flatMap(row -> Arrays.stream(Caller.values()).map(caller -> Arguments.of(row, caller)));
    }

    @Test
    void everyCommandHasARowAndNoRowLacksACommand() {
        Map<String, Access> table = new LinkedHashMap<>();
        TABLE.forEach(row -> table.put(row.command(), row.access()));

        assertThat(new InMemoryMesh().node("s1").core().commandAccess()).isEqualTo(table);
        assertThat(new InMemoryMesh().node("s1", properties -> properties.withOperatorPasswordHash(null)).core()
            .commandAccess()).isEqualTo(table);
    }

    @ParameterizedTest(name = "{0} typed by {1}")
    @MethodSource("rowsAndCallers")
    void eachCommandRunsForExactlyWhoTheTableSays(Row row, Caller caller) {
        InMemoryMesh mesh = new InMemoryMesh();
        Node server = caller == Caller.ANONYMOUS_WITHOUT_OPERATOR_PASSWORD
                ? mesh.node("s1", properties -> properties.withOperatorPasswordHash(null)) : mesh.node("s1");
        User alice = server.connect("alice");
        User bob = server.connect("bob");
        alice.client().clear();
        if (caller == Caller.OPERATOR) {
            alice.type("/oper " + InMemoryMesh.OPERATOR_PASSWORD);
            assertThat(alice.lines()).containsExactly("You are now an operator");
        }
        alice.client().clear();
        bob.client().clear();
        Fixture fixture = new Fixture(server, alice, bob);

        alice.type(row.line());

        boolean allowed = switch (row.access()) {
            case ANYONE -> true;
            case OPERATOR_LOGIN -> caller != Caller.ANONYMOUS_WITHOUT_OPERATOR_PASSWORD;
            case OPERATOR -> caller == Caller.OPERATOR;
        };
        assertThat(row.ran().test(fixture)).as("the command ran").isEqualTo(allowed);
        if (allowed) {
            assertThat(alice.lines()).doesNotContain(OperatorLogin.NOT_AVAILABLE)
                .noneMatch(line -> line.startsWith("Permission denied") || line.startsWith("Refused"));
        }
        else if (caller == Caller.ANONYMOUS_WITHOUT_OPERATOR_PASSWORD) {
            assertThat(alice.lines()).containsExactly("Operator commands are not available on this server");
        }
        else {
            assertThat(alice.lines())
                .containsExactly("Permission denied: " + row.command() + " needs operator rights (/oper <password>)");
        }
    }
}
