package dev.msgsuite.mailbin.events;

import dev.msgsuite.mailbin.store.StoredSubmission;
import dev.msgsuite.mailbin.store.SubmissionStored;
import dev.msgsuite.support.skillbus.BusEvents;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Announces each newly stored submission on the skill bus as {@value #SKILL}. A redelivered
 * record stores nothing and so announces nothing. The payload is a preview, not the submission:
 * a submission may hold hundreds of kilobytes, and the bus is no place for the submitter's
 * address; watchers fetch the whole submission from {@code href}.
 */
@Component
class StoredSubmissionEvents {

    static final String SKILL = "mailbin.submission.stored";

    static final int PREVIEW_FIELDS = 5;

    static final int PREVIEW_LENGTH = 100;

    private final BusEvents bus;

    StoredSubmissionEvents(BusEvents bus) {
        this.bus = bus;
    }

    // after the commit if the row was written in a transaction; the store's auto-commit insert has none
    @TransactionalEventListener(fallbackExecution = true)
    void onStored(SubmissionStored event) {
        this.bus.publish(SKILL, SubmissionStoredPayload.of(event.submission()));
    }

    /**
     * What watchers of {@value #SKILL} get.
     *
     * @param id the submission id
     * @param formId the form it was posted to
     * @param receivedAt when it was accepted
     * @param source {@code http} or {@code producer:<id>}
     * @param fieldCount how many fields it has
     * @param preview the first {@value #PREVIEW_FIELDS} fields, first value each, cut to {@value #PREVIEW_LENGTH} characters
     * @param href where the API serves the whole submission
     */
    record SubmissionStoredPayload(UUID id, String formId, Instant receivedAt, String source, int fieldCount,
            Map<String, String> preview, String href) {

        static SubmissionStoredPayload of(StoredSubmission submission) {
            Map<String, String> preview = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> field : submission.fields().entrySet()) {
                if (preview.size() == PREVIEW_FIELDS) {
                    break;
                }
                String value = field.getValue().isEmpty() ? "" : field.getValue().getFirst();
                preview.put(field.getKey(), value.length() > PREVIEW_LENGTH ? value.substring(0, PREVIEW_LENGTH) + "…" : value);
            }
            return new SubmissionStoredPayload(submission.id(), submission.formId(), submission.receivedAt(), submission.source(),
                    submission.fields().size(), preview, "/api/submissions/" + submission.id());
        }
    }
}
