package dev.msgsuite.saver.commands;

import static dev.msgsuite.contracts.ComputeMessaging.HEARTBEAT_ROUTING_KEY;

import dev.msgsuite.contracts.compute.CommandReply;
import dev.msgsuite.contracts.compute.NodeHeartbeat;
import dev.msgsuite.saver.messaging.DeadLetters;
import dev.msgsuite.saver.nodes.NodeRegistry;
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

    private final DeadLetters deadLetters;

    ReplyListener(CommandService commands, NodeRegistry nodes, JsonMapper json, DeadLetters deadLetters) {
        this.commands = commands;
        this.nodes = nodes;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    @RabbitListener(queues = "#{repliesQueue.name}")
    void onMessage(Message message) {
        boolean heartbeat = HEARTBEAT_ROUTING_KEY.equals(message.getMessageProperties().getReceivedRoutingKey());
        try {
            if (heartbeat) {
                NodeHeartbeat beat = this.json.readValue(message.getBody(), NodeHeartbeat.class);
                if (beat.nodeId() == null || beat.status() == null || beat.elections() == null) {
                    throw new IllegalArgumentException("heartbeat needs nodeId, status and elections");
                }
                this.nodes.heartbeat(beat);
            }
            else {
                CommandReply reply = this.json.readValue(message.getBody(), CommandReply.class);
                if (reply.commandId() == null || reply.nodeId() == null || reply.status() == null) {
                    throw new IllegalArgumentException("reply needs commandId, nodeId and status");
                }
                this.commands.replied(reply);
            }
        }
        catch (JacksonException | IllegalArgumentException ex) {
            this.deadLetters.send(message, message.getMessageProperties().getConsumerQueue(),
                    (heartbeat ? "invalid heartbeat: " : "invalid command reply: ") + ex.getMessage());
        }
    }
}
