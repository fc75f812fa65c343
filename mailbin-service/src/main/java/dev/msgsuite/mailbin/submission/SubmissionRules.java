package dev.msgsuite.mailbin.submission;

import dev.msgsuite.contracts.FormSubmission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules every stored submission keeps, whoever accepted it: the form-id pattern, the field
 * count and lengths of the intake, text PostgreSQL can hold (no U+0000, no lone UTF-16
 * surrogates) and a {@code receivedAt} not in the future. Thread-safe.
 */
public final class SubmissionRules {

    public static final Pattern FORM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Longest {@code source}, {@code clientIp} and {@code userAgent} (a request header is at most 8 KB). */
    public static final int MAX_SOURCE_LENGTH = 200;

    public static final int MAX_CLIENT_IP_LENGTH = 100;

    public static final int MAX_USER_AGENT_LENGTH = 8192;

    private final int maxFields;

    private final int maxFieldNameLength;

    private final int maxFieldValueLength;

    private final Duration maxClockSkew;

    private final Clock clock;

    /**
     * @param maxFields most field values in one submission
     * @param maxFieldNameLength longest field name, in characters
     * @param maxFieldValueLength longest field value, in characters
     * @param maxClockSkew how far in the future a {@code receivedAt} may lie (clocks of producers differ)
     */
    public SubmissionRules(int maxFields, int maxFieldNameLength, int maxFieldValueLength, Duration maxClockSkew, Clock clock) {
        this.maxFields = maxFields;
        this.maxFieldNameLength = maxFieldNameLength;
        this.maxFieldValueLength = maxFieldValueLength;
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
    }

    /**
     * What in this text PostgreSQL cannot store as text or jsonb, or null if nothing: U+0000
     * ({@code jsonb} refuses it, so the row would fail after the submitter was told it was accepted)
     * and a UTF-16 surrogate without its partner (not a character; it would be changed to {@code ?}).
     */
    public static @Nullable String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains the NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return "contains a lone UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase() + "), which is no character";
            }
        }
        return null;
    }

    /** What makes a record from Kafka no storable submission, or null if it is one. */
    public @Nullable String problem(@Nullable FormSubmission submission) {
        if (submission == null) {
            // ErrorHandlingDeserializer leaves the value empty and the cause in a header
            return "The record is not a submission in JSON";
        }
        if (submission.id() == null || submission.formId() == null || submission.receivedAt() == null
                || submission.source() == null || submission.fields() == null) {
            return "A submission needs id, formId, receivedAt, source and fields";
        }
        String id = "Submission " + submission.id();
        if (!FORM_ID.matcher(submission.formId()).matches()) {
            return id + ": formId is not 1 to 64 letters, digits, '.', '_' or '-' starting with a letter or digit";
        }
        Instant latest = this.clock.instant().plus(this.maxClockSkew);
        if (submission.receivedAt().isAfter(latest)) {
            return id + ": receivedAt " + submission.receivedAt() + " lies more than " + this.maxClockSkew + " in the future";
        }
        String problem = text("source", submission.source(), MAX_SOURCE_LENGTH);
        if (problem == null && submission.clientIp() != null) {
            problem = text("clientIp", submission.clientIp(), MAX_CLIENT_IP_LENGTH);
        }
        if (problem == null && submission.userAgent() != null) {
            problem = text("userAgent", submission.userAgent(), MAX_USER_AGENT_LENGTH);
        }
        if (problem == null) {
            problem = fieldsProblem(submission.fields());
        }
        return problem == null ? null : id + ": " + problem;
    }

    private @Nullable String fieldsProblem(Map<String, List<String>> fields) {
        long count = 0;
        for (Map.Entry<String, List<String>> field : fields.entrySet()) {
            List<String> values = field.getValue();
            if (field.getKey() == null || values == null) {
                return "a field without a name or values";
            }
            count += values.size();
            if (count > this.maxFields) {
                return "more than " + this.maxFields + " field values";
            }
            String name = field.getKey();
            if (name.isBlank()) {
                return "a field has an empty name";
            }
            String problem = text("a field name", name, this.maxFieldNameLength);
            if (problem != null) {
                return problem;
            }
            for (String value : values) {
                if (value == null) {
                    return "field has a null value";
                }
                problem = text("a value", value, this.maxFieldValueLength);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return count == 0 ? "no fields" : null;
    }

    private static @Nullable String text(String what, String text, int maxLength) {
        if (text.length() > maxLength) {
            return what + " is " + text.length() + " characters long, at most " + maxLength + " are accepted";
        }
        String problem = textProblem(text);
        return problem == null ? null : what + " " + problem;
    }
}
