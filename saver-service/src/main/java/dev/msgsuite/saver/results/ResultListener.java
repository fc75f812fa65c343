package dev.msgsuite.saver.results;

import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;

import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.SaverProperties;
import dev.msgsuite.saver.elections.ElectionStore;
import dev.msgsuite.saver.limits.Refusals;
import dev.msgsuite.support.amqp.DeadLetterPublisher;
import dev.msgsuite.support.logging.LogSafe;
import dev.msgsuite.support.tracing.RabbitBatchObservation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drains the durable results queue into the database in batches. Started by
 * {@link ResultsConfiguration#resultIntake} only once the schema is migrated. The container's prefetch is set in
 * bytes ({@code saver.limits.result-intake-bytes}), and a batch is decoded and written in
 * parts of at most {@code saver.limits.result-write-bytes}, so large results cannot exhaust the
 * heap. A message that can never be stored (beyond the limits, malformed, refused by the
 * database) goes to the dead-letter queue with the reason; while the database is away the
 * batch waits ({@link ResultWriter}), and goes back to the queue if the service stops.
 */
@Component
class ResultListener implements SmartLifecycle {

    static final String LISTENER_ID = "results";

    private static final Logger log = LoggerFactory.getLogger(ResultListener.class);

    private final ObservationRegistry observations;

    private final ElectionStore elections;

    private final DeadLetterPublisher deadLetters;

    private final ApplicationEventPublisher events;

    private final Refusals refusals;

    private final ResultWriter writer;

    private final ResultReader reader;

    private final long writeBytes;

    private volatile boolean running;

    ResultListener(ResultStore store, ElectionStore elections, JsonMapper json, DeadLetterPublisher deadLetters,
            ApplicationEventPublisher events, Refusals refusals, SaverProperties properties, ObservationRegistry observations) {
        this.observations = observations;
        this.elections = elections;
        this.deadLetters = deadLetters;
        this.events = events;
        this.refusals = refusals;
        this.reader = new ResultReader(json, properties.limits().maxResultMessage().toBytes());
        this.writeBytes = properties.limits().resultWriteBytes().toBytes();
        this.writer = new ResultWriter(store::write, this::deadLetter, properties.limits().resultRetryMaxBackoff(),
                this::pause, () -> this.running);
    }

    @RabbitListener(id = LISTENER_ID, queues = RESULTS_QUEUE, containerFactory = "resultsContainerFactory",
            autoStartup = "false")
    void onResults(List<Message> messages) throws InterruptedException {
        // a batch listener is not observed by its container: this span continues the trace of the job's request
        RabbitBatchObservation.of(this.observations, "saver.results.store", messages).observeChecked(() -> storeBatch(messages));
    }

    private void storeBatch(List<Message> messages) throws InterruptedException {
        List<Message> part = new ArrayList<>();
        long partBytes = 0;
        for (Message message : messages) {
            int bytes = message.getBody().length;
            if (!part.isEmpty() && partBytes + bytes > this.writeBytes) {
                store(part);
                part.clear();
                partBytes = 0;
            }
            part.add(message);
            partBytes += bytes;
        }
        if (!part.isEmpty()) {
            store(part);
        }
    }

    private void store(List<Message> messages) throws InterruptedException {
        List<ResultWriter.Received> received = new ArrayList<>(messages.size());
        for (Message message : messages) {
            ComputeResult result = parse(message);
            if (result != null) {
                received.add(new ResultWriter.Received(message, result));
            }
        }
        if (received.isEmpty()) {
            return;
        }
        List<ResultWriter.Received> stored = this.writer.write(received);
        if (!stored.isEmpty()) {
            Map<String, Integer> answerSets = new LinkedHashMap<>();
            stored.forEach(row -> answerSets.merge(row.result().jobId(), row.result().computed() + row.result().failed(),
                    Integer::sum));
            this.events.publishEvent(new ResultsStored(answerSets));
        }
    }

    private @Nullable ComputeResult parse(Message message) {
        ResultReader.Read read = this.reader.read(message.getBody(), message.getMessageProperties().getContentType());
        String problem = read.result() != null ? electionProblem(read.result()) : read.refusal();
        if (problem == null) {
            return read.result();
        }
        log.warn("Result dead-lettered: {}", LogSafe.escape(problem, 500));
        deadLetter(message, problem);
        return null;
    }

    private @Nullable String electionProblem(ComputeResult result) {
        if (result.computed() > 0) {
            Election election = this.elections.find(result.electionId()).orElse(null);
            if (election != null && election.parties().size() != result.parties()) {
                return "invalid result: " + result.parties() + " parties for election '" + election.id() + "', which has "
                        + election.parties().size();
            }
        }
        return null;
    }

    private void deadLetter(Message message, String reason) {
        this.refusals.count(Refusals.RESULT);
        this.deadLetters.send(message, RESULTS_QUEUE, reason);
    }

    /** Waits in slices, so a stopping service does not wait out a long pause. */
    private void pause(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (this.running && System.nanoTime() < end) {
            Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    @Override
    public void start() {
        this.running = true;
    }

    /** Before the listener containers stop, so a batch waiting for the database lets go of its messages. */
    @Override
    public void stop() {
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return RabbitListenerEndpointRegistry.DEFAULT_PHASE + 2;
    }
}
