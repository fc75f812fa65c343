package dev.msgsuite.compute.jobs;

import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;

import com.rabbitmq.client.Channel;
import dev.msgsuite.compute.NodeState;
import dev.msgsuite.contracts.ComputeMessages;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.support.amqp.ConfirmedPublisher;
import dev.msgsuite.support.amqp.DeadLetterPublisher;
import dev.msgsuite.support.logging.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Takes job batches from the work queue. A batch is acknowledged only after its result (or
 * its dead letter) is confirmed by the broker: a node that dies mid-job loses nothing, the
 * batch is redelivered to another node. A batch that cannot be computed for now (saver-service
 * cannot send its election) is held for the back-off, then put back in the queue: the consumer
 * pauses with it, so the batch neither fails nor circles the broker at full speed.
 */
@Component
class JobListener {

    /** Id of the listener container, for draining. */
    static final String LISTENER_ID = "jobs";

    private static final Logger log = LoggerFactory.getLogger(JobListener.class);

    private final JobProcessor processor;

    private final ConfirmedPublisher publisher;

    private final DeadLetterPublisher deadLetters;

    private final NodeState state;

    private final FetchBackoff backoff;

    private final MeterRegistry meters;

    JobListener(JobProcessor processor, ConfirmedPublisher publisher, DeadLetterPublisher deadLetters, NodeState state,
            FetchBackoff backoff, MeterRegistry meters) {
        this.processor = processor;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.state = state;
        this.backoff = backoff;
        this.meters = meters;
    }

    @RabbitListener(id = LISTENER_ID, queues = JOBS_QUEUE, containerFactory = "jobsContainerFactory")
    void onJob(Message message, Channel channel) throws IOException {
        long deliveryTag = message.getMessageProperties().getDeliveryTag();
        this.state.jobStarted();
        boolean acknowledged = false;
        try {
            if (handle(message)) {
                channel.basicAck(deliveryTag, false);
                acknowledged = true;
            }
            else {
                channel.basicNack(deliveryTag, false, true);
            }
        }
        catch (ConfirmedPublisher.NotConfirmedException | AmqpException ex) {
            // the broker did not take the result: the batch goes back to the queue for another try
            log.warn("Job batch not acknowledged, requeued: {}", ex.getMessage());
            this.meters.counter("compute.node.jobs.requeued", "cause", "not-confirmed").increment();
            channel.basicNack(deliveryTag, false, true);
        }
        finally {
            this.state.jobFinished(acknowledged);
        }
    }

    /** @return true to acknowledge, false to put the batch back in the queue */
    private boolean handle(Message message) {
        JobProcessor.Outcome outcome;
        try {
            outcome = this.processor.process(message.getBody(), message.getMessageProperties().getContentType());
        }
        catch (RuntimeException ex) {
            // a bug, not a broker problem: requeueing would loop, so the batch is parked with the reason
            log.error("Job batch failed unexpectedly, dead-lettered", ex);
            outcome = new JobProcessor.Outcome.Poison(JobProcessor.Outcome.Poison.NODE_FAILURE, "node failed: " + ex, null);
        }
        switch (outcome) {
            case JobProcessor.Outcome.Computed computed -> {
                resumed();
                this.publisher.send("", RESULTS_QUEUE, ComputeMessages.result(computed.result()));
            }
            case JobProcessor.Outcome.Poison poison -> {
                if (poison.failure() != null) {
                    // the job's election was had or definitely refused: nothing is waited for
                    resumed();
                }
                log.warn("Job batch dead-lettered: {}", LogSafe.escape(poison.reason(), 500));
                this.deadLetters.send(message, JOBS_QUEUE, poison.reason());
                this.meters.counter("compute.node.jobs.dead-lettered", "kind", poison.kind()).increment();
                if (poison.failure() != null) {
                    this.publisher.send("", RESULTS_QUEUE, ComputeMessages.result(poison.failure()));
                }
            }
            case JobProcessor.Outcome.Retry retry -> {
                waitBeforeRequeue(retry.reason());
                return false;
            }
        }
        return true;
    }

    private void waitBeforeRequeue(String reason) {
        boolean first = this.state.waitingFor() == null;
        this.state.waiting(reason);
        Duration delay = this.backoff.failed();
        if (first) {
            log.warn("Job batches wait: {}; each goes back to the queue after a pause ({} ms now, doubling up to "
                    + "compute.node.fetch-backoff.max while this lasts)", reason, delay.toMillis());
        }
        else {
            log.debug("Job batch waits {} ms before going back to the queue: {}", delay.toMillis(), reason);
        }
        this.meters.counter("compute.node.jobs.requeued", "cause", "saver-unavailable").increment();
        this.backoff.pause(delay);
    }

    private void resumed() {
        boolean wasFailing = this.backoff.recovered();
        if (this.state.resumed() || wasFailing) {
            log.info("Job batches are computed again");
        }
    }
}
