package dev.msgsuite.saver.results;

import static dev.msgsuite.contracts.ComputeMessaging.RESULTS_QUEUE;

import dev.msgsuite.contracts.compute.ComputeCodec;
import dev.msgsuite.contracts.compute.ComputeResult;
import dev.msgsuite.contracts.compute.Election;
import dev.msgsuite.saver.elections.ElectionStore;
import dev.msgsuite.saver.messaging.DeadLetters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drains the durable results queue into the database in batches. Started by
 * {@link ResultIntake} only once the schema is migrated. A message that can never be stored
 * goes to the dead-letter queue with the reason; a database failure throws, so the whole
 * batch is redelivered and nothing is lost.
 */
@Component
class ResultListener {

    static final String LISTENER_ID = "results";

    private static final Logger log = LoggerFactory.getLogger(ResultListener.class);

    private static final int WRITE_ATTEMPTS = 5;

    private final ResultStore store;

    private final ElectionStore elections;

    private final JsonMapper json;

    private final DeadLetters deadLetters;

    private final ApplicationEventPublisher events;

    ResultListener(ResultStore store, ElectionStore elections, JsonMapper json, DeadLetters deadLetters,
            ApplicationEventPublisher events) {
        this.store = store;
        this.elections = elections;
        this.json = json;
        this.deadLetters = deadLetters;
        this.events = events;
    }

    @RabbitListener(id = LISTENER_ID, queues = RESULTS_QUEUE, containerFactory = "resultsContainerFactory",
            autoStartup = "false")
    void onResults(List<Message> messages) throws InterruptedException {
        List<ComputeResult> results = new ArrayList<>(messages.size());
        for (Message message : messages) {
            ComputeResult result = parse(message);
            if (result != null) {
                results.add(result);
            }
        }
        if (!results.isEmpty()) {
            writeWithBackOff(results);
            Map<String, Integer> answerSets = new LinkedHashMap<>();
            results.forEach(result -> answerSets.merge(result.jobId(), result.computed() + result.failed(), Integer::sum));
            this.events.publishEvent(new ResultsStored(answerSets));
        }
    }

    private @Nullable ComputeResult parse(Message message) {
        String problem;
        try {
            ComputeResult result = ComputeCodec.RESULT_CONTENT_TYPE.equals(message.getMessageProperties().getContentType())
                    ? ComputeCodec.decodeResult(message.getBody())
                    : this.json.readValue(message.getBody(), ComputeResult.class);
            problem = problemWith(result);
            if (problem == null) {
                return result;
            }
        }
        catch (JacksonException ex) {
            problem = "unparseable result: " + ex.getOriginalMessage();
        }
        catch (ComputeCodec.MalformedMessageException ex) {
            problem = "unparseable result: " + ex.getMessage();
        }
        log.warn("Result dead-lettered: {}", problem);
        this.deadLetters.send(message, RESULTS_QUEUE, problem);
        return null;
    }

    private @Nullable String problemWith(ComputeResult result) {
        List<String> problems = result.problems();
        if (!problems.isEmpty()) {
            return "invalid result: " + String.join("; ", problems);
        }
        if (result.computed() > 0) {
            Election election = this.elections.find(result.electionId()).orElse(null);
            if (election != null && election.parties().size() != result.parties()) {
                return "invalid result: " + result.parties() + " parties for election '" + election.id() + "', which has "
                        + election.parties().size();
            }
        }
        return null;
    }

    /** A short database outage is waited out here instead of spinning redeliveries. */
    private void writeWithBackOff(List<ComputeResult> results) throws InterruptedException {
        long delay = 100;
        for (int attempt = 1;; attempt++) {
            try {
                this.store.write(results);
                return;
            }
            catch (DataAccessException ex) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw ex;
                }
                log.warn("Writing {} results failed (attempt {}), retrying: {}", results.size(), attempt, ex.getMessage());
                Thread.sleep(delay);
                delay = Math.min(delay * 2, 2000);
            }
        }
    }
}
