package dev.msgsuite.compute.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.compute.NodeState;
import dev.msgsuite.compute.jobs.ElectionCatalog;
import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeCommand;
import dev.msgsuite.contracts.compute.Election;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever a command message holds, the node reads a command or the reason it refuses one,
 * and answers every command it read with a reply of bounded size: never an exception (which
 * would requeue the command forever), never an allocation beyond a multiple of the message.
 */
class CommandPropertyTests {

    private static final long MAX_BYTES = 64 * 1024;

    private static final long ALLOCATION_PER_BODY_BYTE = 64;

    private static final long ALLOCATION_ALLOWANCE = 1024 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final NodeState STATE = new NodeState("node-1");

    private static final CommandHandler HANDLER = new CommandHandler(STATE, new ElectionCatalog(id -> {
        throw new ElectionCatalog.ElectionUnavailableException("none");
    }, 10, Long.MAX_VALUE), () -> false);

    static {
        CommandListener.read(JSON, JSON.writeValueAsBytes(command("ping", null)), MAX_BYTES);
        handles(JSON.writeValueAsBytes(command("configure", election(3, 2))));
    }

    @Property(tries = 2000)
    void arbitraryBytesAreACommandOrRefused(@ForAll @Size(max = 300) byte[] body) {
        handles(body);
    }

    @Property(tries = 2000)
    void jsonLikeTextIsACommandOrRefused(@ForAll("jsonish") String text) {
        handles(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3000)
    void mutatedCommandsAreACommandOrRefused(@ForAll("commands") String valid, @ForAll("textMutations") UnaryOperator<String> mutation) {
        handles(mutation.apply(valid).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 50)
    void aBodyOverTheLimitIsRefusedUnread(@ForAll("commands") String valid) {
        byte[] body = (valid + " ".repeat((int) MAX_BYTES)).getBytes(StandardCharsets.UTF_8);

        assertThat(CommandListener.read(JSON, body, MAX_BYTES)).isInstanceOfSatisfying(CommandListener.Read.Refused.class,
                refused -> assertThat(refused.reason()).startsWith("unparseable command: a command holds at most 65536 bytes"));
    }

    @Provide
    Arbitrary<String> commands() {
        Arbitrary<Election> elections = Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.integers().between(1, 4))
                .as(CommandPropertyTests::election);
        return Combinators.combine(Arbitraries.of("configure", "ping", "shutdown-drain", "reboot"), elections.injectNull(0.2))
                .as((name, election) -> JSON.writeValueAsString(command(name, election)));
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"commandId\"", "\"command\"", "\"replyTo\"",
                "\"election\"", "\"statements\"", "\"parties\"", "\"positions\"", "\"configure\"", "\"c1\"", "0", "-2", "9",
                "2147483648", "1e999", "null", "true", "\"\\u0000\"", " ");
        return tokens.list().ofMaxSize(80).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<UnaryOperator<String>> textMutations() {
        Arbitrary<String> fragments = Arbitraries.of("[", "]", "{", "}", ",", "\"", "null", "1e999", "-2147483649", "\"x\"",
                "[[", "]]", "5", "-9", ":", "\\u0000", "\"" + "r".repeat(300) + "\"", "\"\\n\\u001b[31m\"");
        Arbitrary<UnaryOperator<String>> insert = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), fragments)
                .as((at, fragment) -> text -> {
                    int where = at % (text.length() + 1);
                    return text.substring(0, where) + fragment + text.substring(where);
                });
        Arbitrary<UnaryOperator<String>> delete = Combinators.combine(Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().between(1, 8)).as((at, length) -> text -> {
                    int from = at % text.length();
                    return text.substring(0, from) + text.substring(Math.min(text.length(), from + length));
                });
        Arbitrary<UnaryOperator<String>> truncate = Arbitraries.integers().greaterOrEqual(0)
                .map(at -> text -> text.substring(0, at % text.length()));
        return Arbitraries.oneOf(insert, delete, truncate);
    }

    private static void handles(byte[] body) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        CommandListener.Read read = CommandListener.read(JSON, body, MAX_BYTES);
        switch (read) {
            case CommandListener.Read.Command command -> {
                assertThat(command.command().commandId()).isNotNull().hasSizeLessThanOrEqualTo(CommandListener.MAX_COMMAND_ID_LENGTH);
                assertThat(command.command().replyTo().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
                CommandReply reply = HANDLER.handle(command.command());
                assertThat(reply.status()).isIn("configured", "pong", "draining", "error");
                assertThat(reply.detail()).hasSizeLessThan(4096);
            }
            case CommandListener.Read.Refused refused -> {
                assertThat(refused.kind()).isIn("unparseable", "invalid");
                assertThat(refused.reason()).isNotBlank();
            }
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated reading and answering a command of %d bytes", body.length)
                .isLessThanOrEqualTo(ALLOCATION_ALLOWANCE + ALLOCATION_PER_BODY_BYTE * body.length);
    }

    private static ComputeCommand command(String name, Election election) {
        return new ComputeCommand("c1", name, election, "compute.reply.saver-1", Instant.parse("2026-11-30T06:00:00Z"));
    }

    private static Election election(int statements, int parties) {
        List<Election.Statement> statementList = new ArrayList<>();
        for (int s = 0; s < statements; s++) {
            statementList.add(new Election.Statement("s" + s, "Statement " + s, null));
        }
        List<Election.Party> partyList = new ArrayList<>();
        for (int p = 0; p < parties; p++) {
            List<Integer> positions = new ArrayList<>();
            for (int s = 0; s < statements; s++) {
                positions.add((p + s) % 5 - 2);
            }
            partyList.add(new Election.Party("p" + p, "Party " + p, positions));
        }
        return new Election("e1", "E1", statementList, partyList);
    }
}
