package dev.msgsuite.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One web-form submission as it travels on {@link MailbinTopics#SUBMISSIONS} (JSON, record key =
 * {@code formId}). The {@code id} is chosen by whoever accepted the submission and makes storing it
 * idempotent: a record delivered twice is stored once.
 *
 * @param id unique submission id
 * @param formId the form the submission was posted to ({@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}})
 * @param receivedAt when the submission was accepted
 * @param source who accepted it: {@code http} for the intake endpoint, {@code producer:<id>} for a fake-form producer
 * @param clientIp address of the submitting client, if known
 * @param userAgent {@code User-Agent} of the submitting client, if known
 * @param fields the submitted fields in the order they were sent; a field sent several times has several values
 */
public record FormSubmission(UUID id, String formId, Instant receivedAt, String source, @Nullable String clientIp,
        @Nullable String userAgent, Map<String, List<String>> fields) {
}
