package dev.msgsuite.saver.commands;

import static dev.msgsuite.contracts.ComputeMessaging.HEARTBEAT_ROUTING_KEY;

import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.NodeHeartbeat;
import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.saver.limits.Refusals;
import dev.msgsuite.saver.nodes.NodeRegistry;
import dev.msgsuite.support.amqp.DeadLetterPublisher;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Command replies and heartbeats from the nodes, on this instance's own queue. */
@Component
class ReplyListener {

    private final CommandService commands;

    private final NodeRegistry nodes;

    private final JsonMapper json;

    private final DeadLetterPublisher deadLetters;

    private static final int MAX_STATUS_LENGTH = 32;

    private static final int MAX_DETAIL_LENGTH = 2000;

    private final long maxBytes;

    private final Refusals refusals;

    ReplyListener(CommandService commands, NodeRegistry nodes, JsonMapper json, DeadLetterPublisher deadLetters,
            SaverProperties properties, Refusals refusals) {
        this.maxBytes = properties.limits().maxReplyMessage().toBytes();
        this.refusals = refusals;
        this.commands = commands;
        this.nodes = nodes;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    @RabbitListener(queues = "#{repliesQueue.name}")
    void onMessage(Message message) {
        boolean heartbeat = HEARTBEAT_ROUTING_KEY.equals(message.getMessageProperties().getReceivedRoutingKey());
        try {
            if (message.getBody().length > this.maxBytes) {
                throw new IllegalArgumentException(message.getBody().length + " bytes, at most " + this.maxBytes
                        + " (saver.limits.max-reply-message)");
            }
            if (heartbeat) {
                NodeHeartbeat beat = this.json.readValue(message.getBody(), NodeHeartbeat.class);
                if (beat.nodeId() == null || beat.status() == null || beat.elections() == null) {
                    throw new IllegalArgumentException("heartbeat needs nodeId, status and elections");
                }
                checkLengths(beat.nodeId(), beat.status());
                if (beat.elections().stream().anyMatch(id -> id == null || id.length() > ComputeResult.MAX_ELECTION_ID_LENGTH)) {
                    throw new IllegalArgumentException("election ids hold 1.." + ComputeResult.MAX_ELECTION_ID_LENGTH + " characters");
                }
                this.nodes.heartbeat(beat);
            }
            else {
                CommandReply reply = this.json.readValue(message.getBody(), CommandReply.class);
                if (reply.commandId() == null || reply.nodeId() == null || reply.status() == null) {
                    throw new IllegalArgumentException("reply needs commandId, nodeId and status");
                }
                checkLengths(reply.nodeId(), reply.status());
                if (reply.detail() != null && reply.detail().length() > MAX_DETAIL_LENGTH) {
                    throw new IllegalArgumentException("detail holds at most " + MAX_DETAIL_LENGTH + " characters");
                }
                this.commands.replied(reply);
            }
        }
        catch (JacksonException | IllegalArgumentException ex) {
            this.refusals.count(Refusals.REPLY);
            String reason = ex instanceof JacksonException json ? json.getOriginalMessage() : ex.getMessage();
            this.deadLetters.send(message, message.getMessageProperties().getConsumerQueue(),
                    (heartbeat ? "invalid heartbeat: " : "invalid command reply: ") + reason);
        }
    }

    /** The registry keeps node ids and statuses: a hostile heartbeat must not make them large. */
    private static void checkLengths(String nodeId, String status) {
        if (nodeId.isBlank() || nodeId.length() > ComputeResult.MAX_NODE_ID_LENGTH || status.length() > MAX_STATUS_LENGTH) {
            throw new IllegalArgumentException("nodeId holds 1.." + ComputeResult.MAX_NODE_ID_LENGTH + " characters, status at most "
                    + MAX_STATUS_LENGTH);
        }
    }
}
