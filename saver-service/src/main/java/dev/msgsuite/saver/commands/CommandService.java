package dev.msgsuite.saver.commands;

import static dev.msgsuite.contracts.ComputeMessaging.COMMANDS_EXCHANGE;

import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeCommand;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.saver.elections.ElectionStore;
import dev.msgsuite.saver.limits.Refusals;
import dev.msgsuite.saver.messaging.SaverMessaging.ReplyAddress;
import dev.msgsuite.saver.nodes.NodeRegistry;
import dev.msgsuite.saver.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Publishes a command to every node and gathers the replies. */
@Service
class CommandService {

    private static final List<String> COMMANDS = List.of(ComputeCommand.CONFIGURE, ComputeCommand.PING,
            ComputeCommand.SHUTDOWN_DRAIN);

    private final RabbitTemplate rabbit;

    private final NodeRegistry nodes;

    private final ElectionStore elections;

    private final ReplyAddress replyAddress;

    private final SaverProperties properties;

    private final Map<String, ReplyGathering> pending = new ConcurrentHashMap<>();

    private final Semaphore gatherings;

    private final Refusals refusals;

    CommandService(RabbitTemplate rabbit, NodeRegistry nodes, ElectionStore elections, ReplyAddress replyAddress,
            SaverProperties properties, Refusals refusals) {
        this.gatherings = new Semaphore(properties.limits().maxConcurrentCommands());
        this.refusals = refusals;
        this.rabbit = rabbit;
        this.nodes = nodes;
        this.elections = elections;
        this.replyAddress = replyAddress;
        this.properties = properties;
    }

    /**
     * Publishes the command and answers once the replies are in or the timeout passed, without
     * holding a thread meanwhile. At most {@code saver.limits.max-concurrent-commands} gather at
     * once: each fans out to every node and keeps its replies, so more are refused (503).
     */
    CompletableFuture<CommandOutcome> send(CommandRequest request) {
        Duration timeout = validate(request);
        Election election = null;
        if (ComputeCommand.CONFIGURE.equals(request.command())) {
            election = this.elections.find(request.electionId())
                    .orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                            "No election '" + request.electionId() + "' to configure; upload it first", List.of()));
        }
        if (!this.gatherings.tryAcquire()) {
            this.refusals.count(Refusals.COMMANDS);
            throw ApiException.busy("" + this.properties.limits().maxConcurrentCommands()
                    + " commands are waiting for replies already (saver.limits.max-concurrent-commands); try again shortly",
                    (this.properties.commandTimeout().toMillis() + 999) / 1000);
        }
        String commandId = UUID.randomUUID().toString();
        ReplyGathering gathering = new ReplyGathering(this.nodes.liveNodeIds());
        this.pending.put(commandId, gathering);
        try {
            this.rabbit.convertAndSend(COMMANDS_EXCHANGE, "", new ComputeCommand(commandId, request.command(), election,
                    this.replyAddress.routingKey(), Instant.now()));
        }
        catch (RuntimeException ex) {
            done(commandId);
            throw ex;
        }
        return gathering.completion().completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(complete -> new CommandOutcome(commandId, request.command(), complete, gathering.replies(),
                        gathering.missing()))
                .whenComplete((outcome, failure) -> done(commandId));
    }

    private void done(String commandId) {
        if (this.pending.remove(commandId) != null) {
            this.gatherings.release();
        }
    }

    void replied(CommandReply reply) {
        this.nodes.replied(reply);
        ReplyGathering gathering = this.pending.get(reply.commandId());
        if (gathering != null) {
            gathering.add(reply);
        }
    }

    private Duration validate(CommandRequest request) {
        if (request.command() == null || !COMMANDS.contains(request.command())) {
            throw ApiException.badRequest("Unknown command", List.of("command must be one of " + COMMANDS));
        }
        if (ComputeCommand.CONFIGURE.equals(request.command()) && (request.electionId() == null || request.electionId().isBlank())) {
            throw ApiException.badRequest("Invalid command", List.of("electionId is required for configure"));
        }
        if (request.timeoutMillis() == null) {
            return this.properties.commandTimeout();
        }
        if (request.timeoutMillis() < 1 || request.timeoutMillis() > this.properties.maxCommandTimeout().toMillis()) {
            throw ApiException.badRequest("Invalid command", List.of("timeoutMillis must be 1.."
                    + this.properties.maxCommandTimeout().toMillis()));
        }
        return Duration.ofMillis(request.timeoutMillis());
    }

    /**
     * @param command configure, ping or shutdown-drain
     * @param electionId for configure
     * @param timeoutMillis how long to wait for replies; the configured default when absent
     */
    record CommandRequest(String command, @Nullable String electionId, @Nullable Long timeoutMillis) {
    }

    /**
     * @param commandId the command's id
     * @param command what was sent
     * @param allReplied whether every node known to be alive answered before the timeout
     * @param replies who answered, with what
     * @param missing known live nodes that did not answer in time
     */
    record CommandOutcome(String commandId, String command, boolean allReplied, List<CommandReply> replies,
            List<String> missing) {
    }
}
