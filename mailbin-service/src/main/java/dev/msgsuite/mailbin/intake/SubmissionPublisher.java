package dev.msgsuite.mailbin.intake;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.contracts.MailbinTopics;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Hands a submission to Kafka and returns only once the broker acknowledged it (acks=all). */
@Component
class SubmissionPublisher {

    private static final Logger log = LoggerFactory.getLogger(SubmissionPublisher.class);

    private final KafkaTemplate<String, FormSubmission> kafka;

    private final IntakeProperties properties;

    SubmissionPublisher(KafkaTemplate<String, FormSubmission> kafka, IntakeProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    void publish(FormSubmission submission) {
        try {
            this.kafka.send(MailbinTopics.SUBMISSIONS, submission.formId(), submission)
                    .get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw notAccepted(submission, ex);
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            throw notAccepted(submission, ex);
        }
    }

    private static IntakeRejection notAccepted(FormSubmission submission, Exception ex) {
        log.warn("Submission {} to form {} not acknowledged by Kafka: {}", submission.id(), submission.formId(), ex.toString());
        return new IntakeRejection(HttpStatus.SERVICE_UNAVAILABLE, "The submission could not be queued right now: "
                + "the message broker did not acknowledge it. Please send it again (with the same Idempotency-Key "
                + "header, if you sent one, so it is stored only once).");
    }
}
