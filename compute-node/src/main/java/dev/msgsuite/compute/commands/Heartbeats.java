package dev.msgsuite.compute.commands;

import static dev.msgsuite.contracts.ComputeMessaging.HEARTBEAT_ROUTING_KEY;
import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;

import dev.msgsuite.compute.NodeState;
import dev.msgsuite.compute.jobs.ElectionCatalog;
import dev.msgsuite.contracts.compute.NodeHeartbeat;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Tells the coordinator, at a fixed rate, that this node is alive and what it does. */
@Component
class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final NodeState state;

    private final ElectionCatalog elections;

    private final RabbitTemplate rabbit;

    Heartbeats(NodeState state, ElectionCatalog elections, RabbitTemplate rabbit) {
        this.state = state;
        this.elections = elections;
        this.rabbit = rabbit;
    }

    @Scheduled(fixedRateString = "${compute.node.heartbeat-interval:2s}")
    void send() {
        try {
            this.rabbit.convertAndSend(REPLIES_EXCHANGE, HEARTBEAT_ROUTING_KEY, new NodeHeartbeat(this.state.nodeId(),
                    this.state.status(), this.elections.electionIds(), this.state.jobsDone(), this.state.inFlight(),
                    Instant.now()));
        }
        catch (AmqpException ex) {
            // the broker is away; the next beat will tell
            log.debug("Heartbeat not sent: {}", ex.getMessage());
        }
    }
}
