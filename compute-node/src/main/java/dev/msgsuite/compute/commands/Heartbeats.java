package dev.msgsuite.compute.commands;

import static dev.msgsuite.contracts.ComputeMessaging.HEARTBEAT_ROUTING_KEY;
import static dev.msgsuite.contracts.ComputeMessaging.REPLIES_EXCHANGE;

import dev.msgsuite.compute.NodeProperties;
import dev.msgsuite.compute.NodeState;
import dev.msgsuite.compute.jobs.ElectionCatalog;
import dev.msgsuite.contracts.compute.NodeHeartbeat;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Tells the coordinator, at a fixed rate, that this node is alive and what it does. */
@Component
class Heartbeats implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final NodeState state;

    private final ElectionCatalog elections;

    private final RabbitTemplate rabbit;

    private final NodeProperties properties;

    Heartbeats(NodeState state, ElectionCatalog elections, RabbitTemplate rabbit, NodeProperties properties) {
        this.state = state;
        this.elections = elections;
        this.rabbit = rabbit;
        this.properties = properties;
    }

    // the interval comes from NodeProperties, where its default is, not from a placeholder with a default of its own
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedRateTask(this::send, this.properties.heartbeatInterval());
    }

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
