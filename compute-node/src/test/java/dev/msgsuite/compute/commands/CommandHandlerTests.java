package dev.msgsuite.compute.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.compute.NodeState;
import dev.msgsuite.compute.jobs.ElectionCatalog;
import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeCommand;
import dev.msgsuite.contracts.compute.Election;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CommandHandlerTests {

    private final NodeState state = new NodeState("node-7");

    private final ElectionCatalog catalog = new ElectionCatalog(id -> {
        throw new ElectionCatalog.ElectionUnavailableException("none");
    }, 10, Long.MAX_VALUE);

    private final AtomicInteger drains = new AtomicInteger();

    private final CommandHandler handler = new CommandHandler(this.state, this.catalog,
            () -> this.state.beginDrain() && this.drains.incrementAndGet() > 0);

    @Test
    void configureLoadsTheElection() {
        Election election = new Election("e1", "E1", List.of(new Election.Statement("s1", null, null)),
                List.of(new Election.Party("p1", null, List.of(1))));

        CommandReply reply = this.handler.handle(command(ComputeCommand.CONFIGURE, election));

        assertThat(reply.commandId()).isEqualTo("c1");
        assertThat(reply.nodeId()).isEqualTo("node-7");
        assertThat(reply.status()).isEqualTo("configured");
        assertThat(reply.detail()).isEqualTo("election e1: 1 statements, 1 parties");
        assertThat(this.catalog.electionIds()).containsExactly("e1");
    }

    @Test
    void configureWithAnInvalidElectionAnswersError() {
        Election broken = new Election("e1", "E1", List.of(), List.of());

        CommandReply reply = this.handler.handle(command(ComputeCommand.CONFIGURE, broken));

        assertThat(reply.status()).isEqualTo("error");
        assertThat(reply.detail()).contains("statements must hold");
        assertThat(this.catalog.electionIds()).isEmpty();
    }

    @Test
    void cancelRemembersTheJobAndAnswersCancelled() {
        List<String> cancelled = new java.util.ArrayList<>();
        CommandHandler handler = new CommandHandler(this.state, this.catalog, () -> false, cancelled::add);

        CommandReply reply = handler.handle(new ComputeCommand("c2", ComputeCommand.CANCEL, null, "saver-1", Instant.now(), "job-9"));
        CommandReply missing = handler.handle(command(ComputeCommand.CANCEL, null));

        assertThat(reply.status()).isEqualTo("cancelled");
        assertThat(reply.detail()).isEqualTo("batches of job job-9 are skipped");
        assertThat(missing.status()).isEqualTo("error");
        assertThat(missing.detail()).isEqualTo("cancel needs a jobId of at most 36 characters");
        assertThat(cancelled).containsExactly("job-9");
    }

    @Test
    void pingAnswersPongWithStatistics() {
        CommandReply reply = this.handler.handle(command(ComputeCommand.PING, null));

        assertThat(reply.status()).isEqualTo("pong");
        assertThat(reply.detail()).contains("jobsDone=0").contains("status=idle");
    }

    @Test
    void pingSaysWhatTheNodeWaitsFor() {
        this.state.waiting("saver-service unavailable: http://saver:8084 answered 503");

        CommandReply reply = this.handler.handle(command(ComputeCommand.PING, null));

        assertThat(reply.detail()).contains("status=waiting (saver-service unavailable: http://saver:8084 answered 503, since ");
    }

    @Test
    void shutdownDrainStartsDrainingOnce() {
        CommandReply first = this.handler.handle(command(ComputeCommand.SHUTDOWN_DRAIN, null));
        CommandReply second = this.handler.handle(command(ComputeCommand.SHUTDOWN_DRAIN, null));

        assertThat(first.status()).isEqualTo("draining");
        assertThat(first.detail()).startsWith("started draining");
        assertThat(second.detail()).startsWith("already draining");
        assertThat(this.drains).hasValue(1);
        assertThat(this.state.status()).isEqualTo("draining");
    }

    @Test
    void unknownCommandAnswersErrorNamingTheKnownOnes() {
        CommandReply reply = this.handler.handle(command("reboot", null));

        assertThat(reply.status()).isEqualTo("error");
        assertThat(reply.detail()).isEqualTo("unknown command 'reboot', expected one of [configure, ping, shutdown-drain, cancel]");
    }

    private static ComputeCommand command(String name, @Nullable Election election) {
        return new ComputeCommand("c1", name, election, "saver-1", Instant.now());
    }
}
