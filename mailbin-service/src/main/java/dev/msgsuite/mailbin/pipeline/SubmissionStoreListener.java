package dev.msgsuite.mailbin.pipeline;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.contracts.MailbinTopics;
import dev.msgsuite.mailbin.store.SubmissionStore;
import dev.msgsuite.mailbin.store.SubmissionStored;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Drains the submissions topic into PostgreSQL. Instances share one consumer group, so the
 * topic's partitions spread the work; a record delivered again is not stored again.
 */
@Component
class SubmissionStoreListener {

    static final String LISTENER_ID = "mailbin-store";

    private final SubmissionStore store;

    private final ApplicationEventPublisher events;

    SubmissionStoreListener(SubmissionStore store, ApplicationEventPublisher events) {
        this.store = store;
        this.events = events;
    }

    // started by StoreListenerStarter once the schema exists
    @KafkaListener(id = LISTENER_ID, groupId = "mailbin-store", topics = MailbinTopics.SUBMISSIONS, autoStartup = "false",
            concurrency = "${mailbin.pipeline.concurrency}")
    void store(FormSubmission submission) {
        validate(submission);
        this.store.insert(submission).ifPresent(stored -> this.events.publishEvent(new SubmissionStored(stored)));
    }

    private static void validate(FormSubmission submission) {
        if (submission.id() == null || submission.formId() == null || submission.receivedAt() == null
                || submission.source() == null || submission.fields() == null) {
            throw new InvalidSubmissionException("A submission needs id, formId, receivedAt, source and fields: " + submission);
        }
        if (submission.fields().values().stream().anyMatch(values -> values == null || values.contains(null))) {
            throw new InvalidSubmissionException("Submission " + submission.id() + " has a field without values");
        }
    }
}
