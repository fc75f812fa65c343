package dev.msgsuite.mailbin.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A submission as the inbox shows it. */
public record StoredSubmission(UUID id, String formId, Instant receivedAt, Instant storedAt, String source,
        @Nullable String clientIp, @Nullable String userAgent, Map<String, List<String>> fields) {
}
