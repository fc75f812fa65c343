package dev.msgsuite.mailbin.pipeline;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.contracts.MailbinTopics;
import dev.msgsuite.mailbin.store.StoredSubmission;
import dev.msgsuite.mailbin.store.SubmissionStore;
import dev.msgsuite.mailbin.store.SubmissionStored;
import dev.msgsuite.mailbin.submission.SubmissionRules;
import dev.msgsuite.support.logging.LogSafe;
import dev.msgsuite.support.tracing.KafkaBatchObservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.log.LogAccessor;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Drains the submissions topic into PostgreSQL, a polled batch per statement. Instances share
 * one consumer group, so the topic's partitions spread the work; a record delivered again is
 * not stored again.
 * <p>
 * A bad record stops the batch at its index: the records before it are stored first, then
 * {@link BatchListenerFailedException} lets the error handler commit them, dead-letter or retry
 * the bad one as {@link PipelineConfiguration#storeErrorHandler} decides, and deliver the rest again.
 */
@Component
class SubmissionStoreListener {

    static final String LISTENER_ID = "mailbin-store";

    private final ObservationRegistry observations;

    private final SubmissionStore store;

    private static final LogAccessor LOG = new LogAccessor(SubmissionStoreListener.class);

    private final ApplicationEventPublisher events;

    private final SubmissionRules rules;

    private final Counter invalid;

    SubmissionStoreListener(SubmissionStore store, ApplicationEventPublisher events, SubmissionRules rules, MeterRegistry meters,
            ObservationRegistry observations) {
        this.observations = observations;
        this.store = store;
        this.events = events;
        this.rules = rules;
        this.invalid = Counter.builder("mailbin.pipeline.invalid.records")
                .description("Records refused by the submission rules and sent to the dead-letter topic").register(meters);
    }

    // started by PipelineConfiguration#storeListenerStarter once the schema exists
    @KafkaListener(id = LISTENER_ID, groupId = "mailbin-store", topics = MailbinTopics.SUBMISSIONS, autoStartup = "false",
            containerFactory = "storeContainerFactory", batch = "true")
    void store(List<ConsumerRecord<String, @Nullable FormSubmission>> records) {
        // a batch listener is not observed by its container: this span continues the intake request's trace
        KafkaBatchObservation.of(this.observations, "mailbin.submissions.store", records).observe(() -> storeBatch(records));
    }

    private void storeBatch(List<ConsumerRecord<String, @Nullable FormSubmission>> records) {
        List<FormSubmission> valid = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
            String problem = problem(records.get(index));
            if (problem != null) {
                this.invalid.increment();
                storeOrFind(valid, 0);
                throw new BatchListenerFailedException(problem, new InvalidSubmissionException(problem), index);
            }
            valid.add(records.get(index).value());
        }
        storeOrFind(valid, 0);
    }

    /**
     * Stores the submissions (record {@code offset} onwards of the batch) in one statement. If
     * the statement fails for a reason in the data, stores them one by one to find the record at
     * fault, so only that one is dead-lettered.
     */
    private void storeOrFind(List<FormSubmission> submissions, int offset) {
        try {
            announce(this.store.insertAll(submissions));
        }
        catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
            // the database is away or overloaded: the whole batch waits for it, from its first record on
            throw new BatchListenerFailedException("The database cannot store submissions now", ex, offset);
        }
        catch (NonTransientDataAccessException ex) {
            for (int index = 0; index < submissions.size(); index++) {
                try {
                    announce(this.store.insertAll(List.of(submissions.get(index))));
                }
                catch (RuntimeException single) {
                    throw new BatchListenerFailedException("Submission " + submissions.get(index).id() + " cannot be stored",
                            single, offset + index);
                }
            }
        }
    }

    private void announce(List<StoredSubmission> stored) {
        stored.forEach(submission -> this.events.publishEvent(new SubmissionStored(submission)));
    }

    /** What makes a record no submission, or null if it is one. */
    private @Nullable String problem(ConsumerRecord<String, @Nullable FormSubmission> record) {
        if (record.value() == null) {
            DeserializationException cause = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            return "The record is not a submission in JSON" + (cause == null ? ""
                    : ": " + LogSafe.escape(cause.getMostSpecificCause().getMessage()));
        }
        return this.rules.problem(record.value());
    }
}
