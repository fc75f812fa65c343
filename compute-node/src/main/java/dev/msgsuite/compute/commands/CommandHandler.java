package dev.msgsuite.compute.commands;

import dev.msgsuite.compute.NodeState;
import dev.msgsuite.compute.jobs.ElectionCatalog;
import dev.msgsuite.compute.matching.MatchingModel;
import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeCommand;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.support.logging.LogSafe;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Answers the coordinator's commands. Plain logic: the listener only moves bytes. */
public final class CommandHandler {

    private final NodeState state;

    private final ElectionCatalog elections;

    private final BooleanSupplier drain;

    /**
     * @param drain starts draining, false when it already was
     */
    private final Consumer<String> cancel;

    public CommandHandler(NodeState state, ElectionCatalog elections, BooleanSupplier drain) {
        this(state, elections, drain, jobId -> {
        });
    }

    /** @param cancel remembers a cancelled job, whose batches are then skipped */
    public CommandHandler(NodeState state, ElectionCatalog elections, BooleanSupplier drain, Consumer<String> cancel) {
        this.state = state;
        this.elections = elections;
        this.drain = drain;
        this.cancel = cancel;
    }

    public CommandReply handle(ComputeCommand command) {
        String name = command.command() == null ? "" : command.command();
        return switch (name) {
            case ComputeCommand.CONFIGURE -> configure(command);
            case ComputeCommand.PING -> reply(command, CommandReply.PONG, "jobsDone=" + this.state.jobsDone() + " inFlight="
                    + this.state.inFlight() + " status=" + this.state.status() + waitingFor() + " elections="
                    + this.elections.electionIds());
            case ComputeCommand.SHUTDOWN_DRAIN -> reply(command, CommandReply.DRAINING, (this.drain.getAsBoolean() ? "started draining"
                    : "already draining") + ", " + this.state.inFlight() + " job batches in flight");
            case ComputeCommand.CANCEL -> cancel(command);
            default -> reply(command, CommandReply.ERROR, "unknown command '" + LogSafe.escape(name, 64) + "', expected one of "
                    + List.of(ComputeCommand.CONFIGURE, ComputeCommand.PING, ComputeCommand.SHUTDOWN_DRAIN, ComputeCommand.CANCEL));
        };
    }

    private CommandReply configure(ComputeCommand command) {
        if (command.election() == null) {
            return reply(command, CommandReply.ERROR, "configure needs an election");
        }
        try {
            MatchingModel model = this.elections.configure(command.election());
            return reply(command, CommandReply.CONFIGURED, "election " + model.electionId() + ": " + model.statements()
                    + " statements, " + model.partyIds().size() + " parties");
        }
        catch (IllegalArgumentException ex) {
            return reply(command, CommandReply.ERROR, ex.getMessage());
        }
    }

    private CommandReply cancel(ComputeCommand command) {
        String jobId = command.jobId();
        if (jobId == null || jobId.isBlank() || jobId.length() > ComputeResult.MAX_JOB_ID_LENGTH) {
            return reply(command, CommandReply.ERROR, "cancel needs a jobId of at most " + ComputeResult.MAX_JOB_ID_LENGTH + " characters");
        }
        this.cancel.accept(jobId);
        return reply(command, CommandReply.CANCELLED, "batches of job " + LogSafe.escape(jobId, 64) + " are skipped");
    }

    private String waitingFor() {
        NodeState.Waiting waiting = this.state.waitingFor();
        return waiting == null ? "" : " (" + waiting.reason() + ", since " + waiting.since() + ")";
    }

    private CommandReply reply(ComputeCommand command, String status, String detail) {
        return new CommandReply(command.commandId(), this.state.nodeId(), status, detail);
    }
}
