package dev.msgsuite.compute.jobs;

import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;

import com.rabbitmq.client.Channel;
import dev.msgsuite.compute.NodeState;
import dev.msgsuite.compute.messaging.DeadLetters;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.support.amqp.ConfirmedPublisher;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Takes job batches from the work queue. A batch is acknowledged only after its result (or
 * its dead letter) is confirmed by the broker: a node that dies mid-job loses nothing, the
 * batch is redelivered to another node.
 */
@Component
class JobListener {

    /** Id of the listener container, for draining. */
    static final String LISTENER_ID = "jobs";

    private static final Logger log = LoggerFactory.getLogger(JobListener.class);

    private final JobProcessor processor;

    private final ConfirmedPublisher publisher;

    private final DeadLetters deadLetters;

    private final NodeState state;

    JobListener(JobProcessor processor, ConfirmedPublisher publisher, DeadLetters deadLetters, NodeState state) {
        this.processor = processor;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.state = state;
    }

    @RabbitListener(id = LISTENER_ID, queues = JOBS_QUEUE, containerFactory = "jobsContainerFactory")
    void onJob(Message message, Channel channel) throws IOException {
        long deliveryTag = message.getMessageProperties().getDeliveryTag();
        this.state.jobStarted();
        boolean acknowledged = false;
        try {
            handle(message);
            channel.basicAck(deliveryTag, false);
            acknowledged = true;
        }
        catch (ConfirmedPublisher.NotConfirmedException | AmqpException ex) {
            // the broker did not take the result: the batch goes back to the queue for another try
            log.warn("Job batch not acknowledged, requeued: {}", ex.getMessage());
            channel.basicNack(deliveryTag, false, true);
        }
        finally {
            this.state.jobFinished(acknowledged);
        }
    }

    private void handle(Message message) {
        JobProcessor.Outcome outcome;
        try {
            outcome = this.processor.process(message.getBody(), message.getMessageProperties().getContentType());
        }
        catch (RuntimeException ex) {
            // a bug, not a broker problem: requeueing would loop, so the batch is parked with the reason
            log.error("Job batch failed unexpectedly, dead-lettered", ex);
            outcome = new JobProcessor.Outcome.Poison("node failed: " + ex, null);
        }
        switch (outcome) {
            case JobProcessor.Outcome.Computed computed -> this.publisher.send("", RESULTS_QUEUE, ComputeCodec.resultMessage(computed.result()));
            case JobProcessor.Outcome.Poison poison -> {
                log.warn("Job batch dead-lettered: {}", poison.reason());
                this.deadLetters.send(message, JOBS_QUEUE, poison.reason());
                if (poison.failure() != null) {
                    this.publisher.send("", RESULTS_QUEUE, ComputeCodec.resultMessage(poison.failure()));
                }
            }
        }
    }
}
