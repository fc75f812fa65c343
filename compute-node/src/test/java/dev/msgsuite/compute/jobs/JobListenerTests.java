package dev.msgsuite.compute.jobs;

import static dev.msgsuite.contracts.ComputeMessaging.JOBS_QUEUE;
import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import com.rabbitmq.client.Channel;
import dev.msgsuite.compute.NodeState;
import dev.msgsuite.contracts.compute.ComputeJob;
import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.contracts.compute.Election.Party;
import dev.msgsuite.contracts.compute.Election.Statement;
import dev.msgsuite.support.amqp.ConfirmedPublisher;
import dev.msgsuite.support.amqp.DeadLetterPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.web.client.ResourceAccessException;
import tools.jackson.databind.json.JsonMapper;

/** The acknowledgement rules of a job batch: ack only after the broker confirmed what the batch produced. */
class JobListenerTests {

    private static final Election ELECTION = new Election("e1", "E1",
            List.of(new Statement("s1", null, null), new Statement("s2", null, null)),
            List.of(new Party("a", null, List.of(2, 2)), new Party("b", null, List.of(-2, -2))));

    private static final long TAG = 42;

    private final JsonMapper json = JsonMapper.builder().build();

    private final ConfirmedPublisher publisher = mock(ConfirmedPublisher.class);

    private final DeadLetterPublisher deadLetters = mock(DeadLetterPublisher.class);

    private final Channel channel = mock(Channel.class);

    private final NodeState state = new NodeState("node-1");

    /** saver-service as the node sees it: up, or away until told otherwise. */
    private final AtomicBoolean saverUp = new AtomicBoolean(true);

    private final FetchBackoff backoff = new FetchBackoff(Duration.ofMillis(100), Duration.ofMillis(300));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final JobListener listener = new JobListener(new JobProcessor(this.json, new ElectionCatalog(id -> {
        if (!this.saverUp.get()) {
            throw new ResourceAccessException("I/O error: Connection refused");
        }
        return ELECTION;
    }, 10, Long.MAX_VALUE), "node-1"), this.publisher, this.deadLetters, this.state, this.backoff, this.meters);

    @Test
    void acknowledgesOnlyAfterTheResultIsConfirmed() throws IOException {
        this.listener.onJob(job(new int[][] { { 2, 2 } }), this.channel);

        InOrder order = inOrder(this.publisher, this.channel);
        order.verify(this.publisher).send(eq(""), eq(RESULTS_QUEUE), argThat(result -> {
            ComputeResult decoded = ComputeCodec.decodeResult(result.getBody());
            return ComputeCodec.RESULT_CONTENT_TYPE.equals(result.getMessageProperties().getContentType())
                    && result.getMessageProperties().getDeliveryMode() == MessageDeliveryMode.PERSISTENT
                    && decoded.jobId().equals("job-1") && decoded.computed() == 1 && decoded.points()[0] == 8;
        }));
        order.verify(this.channel).basicAck(TAG, false);
        assertThat(this.state.jobsDone()).isEqualTo(1);
        assertThat(this.state.inFlight()).isZero();
    }

    @Test
    void resultTheBrokerDidNotTakeSendsTheBatchBackToTheQueue() throws IOException {
        willThrow(new AmqpConnectException(new IOException("connection reset"))).given(this.publisher)
                .send(eq(""), eq(RESULTS_QUEUE), any(Message.class));

        this.listener.onJob(job(new int[][] { { 2, 2 } }), this.channel);

        then(this.channel).should().basicNack(TAG, false, true);
        then(this.channel).should(never()).basicAck(anyLong(), anyBoolean());
        assertThat(this.state.jobsDone()).isZero();
        assertThat(this.state.inFlight()).isZero();
    }

    @Test
    void poisonBatchIsDeadLetteredThenReportedAsFailedThenAcknowledged() throws IOException {
        Message poison = job(new int[][] { { 5, 0 } });

        this.listener.onJob(poison, this.channel);

        InOrder order = inOrder(this.deadLetters, this.publisher, this.channel);
        order.verify(this.deadLetters).send(eq(poison), eq(JOBS_QUEUE), argThat(reason -> reason.startsWith("invalid answers")));
        order.verify(this.publisher).send(eq(""), eq(RESULTS_QUEUE),
                argThat(result -> ComputeCodec.decodeResult(result.getBody()).failed() == 1));
        order.verify(this.channel).basicAck(TAG, false);
        assertThat(this.meters.counter("compute.node.jobs.dead-lettered", "kind", "invalid-answers").count()).isEqualTo(1);
    }

    @Test
    void poisonBatchWhoseDeadLetterIsNotConfirmedGoesBackToTheQueue() throws IOException {
        willThrow(new AmqpConnectException(new IOException("connection reset"))).given(this.deadLetters)
                .send(any(), any(), any());

        this.listener.onJob(job(new int[][] { { 5, 0 } }), this.channel);

        then(this.channel).should().basicNack(TAG, false, true);
        then(this.publisher).shouldHaveNoInteractions();
    }

    @Test
    void aBatchWhoseElectionSaverCannotSendWaitsThenGoesBackToTheQueueWithoutFailing() throws IOException {
        this.saverUp.set(false);

        long started = System.nanoTime();
        this.listener.onJob(job(new int[][] { { 2, 2 } }), this.channel);
        Duration held = Duration.ofNanos(System.nanoTime() - started);

        assertThat(held).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        then(this.channel).should().basicNack(TAG, false, true);
        then(this.channel).should(never()).basicAck(anyLong(), anyBoolean());
        then(this.deadLetters).shouldHaveNoInteractions();
        then(this.publisher).shouldHaveNoInteractions();
        assertThat(this.state.status()).isEqualTo("waiting");
        assertThat(this.state.waitingFor().reason()).startsWith("saver-service unavailable: ResourceAccessException")
                .contains("Connection refused");
        assertThat(this.state.inFlight()).isZero();
        assertThat(this.meters.counter("compute.node.jobs.requeued", "cause", "saver-unavailable").count()).isEqualTo(1);
    }

    @Test
    void eachFailureInARowWaitsLongerUpToTheMaximum() {
        assertThat(List.of(this.backoff.failed(), this.backoff.failed(), this.backoff.failed(), this.backoff.failed()))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300));
        assertThat(this.backoff.recovered()).isTrue();
        assertThat(this.backoff.failed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theNodeWorksAgainOnceSaverAnswers() throws IOException {
        this.saverUp.set(false);
        this.listener.onJob(job(new int[][] { { 2, 2 } }), this.channel);
        this.saverUp.set(true);

        this.listener.onJob(job(new int[][] { { 2, 2 } }), this.channel);

        then(this.channel).should().basicAck(TAG, false);
        assertThat(this.state.status()).isEqualTo("idle");
        assertThat(this.state.waitingFor()).isNull();
        assertThat(this.backoff.failuresInARow()).isZero();
    }

    @Test
    void aStoppingNodeHandsAWaitingBatchBackAtOnce() throws IOException {
        FetchBackoff patient = new FetchBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10));
        JobListener listener = new JobListener(new JobProcessor(this.json, new ElectionCatalog(id -> {
            throw new ResourceAccessException("Connection refused");
        }, 10, Long.MAX_VALUE), "node-1"), this.publisher, this.deadLetters, this.state, patient, this.meters);
        patient.stop();

        long started = System.nanoTime();
        listener.onJob(job(new int[][] { { 2, 2 } }), this.channel);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        then(this.channel).should().basicNack(TAG, false, true);
    }

    @Test
    void takesJobsInJsonToo() throws IOException {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryTag(TAG);
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        Message json = new Message(this.json.writeValueAsBytes(new ComputeJob("job-1", 0, ELECTION.id(), 0, new int[][] { { 2, 2 } })),
                properties);

        this.listener.onJob(json, this.channel);

        then(this.publisher).should().send(eq(""), eq(RESULTS_QUEUE),
                argThat(result -> ComputeCodec.decodeResult(result.getBody()).points()[0] == 8));
        then(this.channel).should().basicAck(TAG, false);
    }

    private Message job(int[][] answers) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryTag(TAG);
        properties.setContentType(ComputeCodec.JOB_CONTENT_TYPE);
        return new Message(ComputeCodec.encodeJob(new ComputeJob("job-1", 0, ELECTION.id(), 0, answers)), properties);
    }
}
