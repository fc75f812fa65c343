package dev.msgsuite.compute.commands;

import dev.msgsuite.compute.NodeState;
import dev.msgsuite.compute.jobs.ElectionCatalog;
import dev.msgsuite.compute.matching.MatchingModel;
import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeCommand;
import dev.msgsuite.support.logging.LogSafe;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Answers the coordinator's commands. Plain logic: the listener only moves bytes. */
public final class CommandHandler {

    private final NodeState state;

    private final ElectionCatalog elections;

    private final BooleanSupplier drain;

    /**
     * @param drain starts draining, false when it already was
     */
    public CommandHandler(NodeState state, ElectionCatalog elections, BooleanSupplier drain) {
        this.state = state;
        this.elections = elections;
        this.drain = drain;
    }

    public CommandReply handle(ComputeCommand command) {
        String name = command.command() == null ? "" : command.command();
        return switch (name) {
            case ComputeCommand.CONFIGURE -> configure(command);
            case ComputeCommand.PING -> reply(command, "pong", "jobsDone=" + this.state.jobsDone() + " inFlight="
                    + this.state.inFlight() + " status=" + this.state.status() + waitingFor() + " elections="
                    + this.elections.electionIds());
            case ComputeCommand.SHUTDOWN_DRAIN -> reply(command, "draining", (this.drain.getAsBoolean() ? "started draining"
                    : "already draining") + ", " + this.state.inFlight() + " job batches in flight");
            default -> reply(command, "error", "unknown command '" + LogSafe.escape(name, 64) + "', expected one of "
                    + List.of(ComputeCommand.CONFIGURE, ComputeCommand.PING, ComputeCommand.SHUTDOWN_DRAIN));
        };
    }

    private CommandReply configure(ComputeCommand command) {
        if (command.election() == null) {
            return reply(command, "error", "configure needs an election");
        }
        try {
            MatchingModel model = this.elections.configure(command.election());
            return reply(command, "configured", "election " + model.electionId() + ": " + model.statements()
                    + " statements, " + model.partyIds().size() + " parties");
        }
        catch (IllegalArgumentException ex) {
            return reply(command, "error", ex.getMessage());
        }
    }

    private String waitingFor() {
        NodeState.Waiting waiting = this.state.waitingFor();
        return waiting == null ? "" : " (" + waiting.reason() + ", since " + waiting.since() + ")";
    }

    private CommandReply reply(ComputeCommand command, String status, String detail) {
        return new CommandReply(command.commandId(), this.state.nodeId(), status, detail);
    }
}
