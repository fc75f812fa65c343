package dev.msgsuite.compute.jobs;

import dev.msgsuite.compute.NodeProperties;
import dev.msgsuite.compute.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Shutdown-drain: stop taking jobs, let the batches in flight finish and be acknowledged
 * (prefetched but unstarted ones go back to the queue), then stop the node if configured to.
 */
@Component
public class Drain {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final RabbitListenerEndpointRegistry listeners;

    private final NodeState state;

    private final ConfigurableApplicationContext context;

    private final boolean exitAfterDrain;

    private final FetchBackoff backoff;

    Drain(RabbitListenerEndpointRegistry listeners, NodeState state, ConfigurableApplicationContext context,
            NodeProperties properties, FetchBackoff backoff) {
        this.listeners = listeners;
        this.backoff = backoff;
        this.state = state;
        this.context = context;
        this.exitAfterDrain = properties.exitAfterDrain();
    }

    /** Starts draining in the background; false if the node was already draining. */
    public boolean start() {
        if (!this.state.beginDrain()) {
            return false;
        }
        // a batch waiting for saver-service goes back to the queue now rather than after its pause
        this.backoff.stop();
        Thread.ofPlatform().name("drain").start(() -> {
            var container = this.listeners.getListenerContainer(JobListener.LISTENER_ID);
            if (container != null) {
                container.stop();
            }
            this.state.drained();
            log.info("Drained: {} job batches done, none in flight", this.state.jobsDone());
            if (this.exitAfterDrain) {
                this.context.close();
            }
        });
        return true;
    }
}
