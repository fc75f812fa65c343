package dev.msgsuite.mailbin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.mailbin.submission.SubmissionRules;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever bytes another producer writes to the submissions topic, the consumer's deserializer
 * and the submission rules give either a submission the database stores or a reason to
 * dead-letter it, never another exception, and allocate little more than the record's size.
 */
class SubmissionRecordPropertyTests {

    private static final long ALLOCATION_PER_RECORD_BYTE = 64;

    private static final long ALLOCATION_ALLOWANCE = 512 * 1024;

    private static final int MAX_RECORD_BYTES = 4096;

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static final SubmissionRules RULES = new SubmissionRules(5, 20, 50, Duration.ofMinutes(5), Clock.fixed(NOW, java.time.ZoneOffset.UTC));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final BoundedSubmissionDeserializer DESERIALIZER = new BoundedSubmissionDeserializer();

    static {
        DESERIALIZER.configure(Map.of(BoundedSubmissionDeserializer.MAX_RECORD_SIZE, MAX_RECORD_BYTES + "B"), false);
        DESERIALIZER.deserialize("t", new RecordHeaders(), JSON.writeValueAsBytes(submission("warm", NOW, Map.of("a", List.of("b")))));
    }

    @Property(tries = 2000)
    void arbitraryBytesAreASubmissionOrADeadLetter(@ForAll @Size(max = 400) byte[] record) {
        storesOrDeadLetters(record);
    }

    @Property(tries = 3000)
    void mutatedRecordsAreASubmissionOrADeadLetter(@ForAll("records") byte[] valid, @ForAll("mutations") Mutation mutation) {
        storesOrDeadLetters(mutation.apply(valid));
    }

    @Property(tries = 1000)
    void arbitrarySubmissionsPassOnlyWithinTheRules(@ForAll("submissions") FormSubmission submission) {
        String problem = RULES.problem(submission);
        if (problem == null) {
            assertThat(SubmissionRules.FORM_ID.matcher(submission.formId()).matches()).isTrue();
            assertThat(submission.receivedAt()).isBeforeOrEqualTo(NOW.plus(Duration.ofMinutes(5)));
            assertThat(submission.fields().values().stream().mapToInt(List::size).sum()).isBetween(1, 5);
            submission.fields().forEach((name, values) -> {
                assertThat(name).hasSizeLessThanOrEqualTo(20).doesNotContain("\u0000");
                assertThat(SubmissionRules.textProblem(name)).isNull();
                values.forEach(value -> assertThat(SubmissionRules.textProblem(value)).isNull());
            });
        }
        else {
            assertThat(problem).isNotBlank().hasSizeLessThan(300);
        }
    }

    @Property(tries = 50)
    void aRecordOverTheSizeLimitIsRefusedUnread(@ForAll("records") byte[] valid, @ForAll boolean garbage) {
        byte[] big = Arrays.copyOf(valid, MAX_RECORD_BYTES + 1);
        if (garbage) {
            Arrays.fill(big, (byte) '[');
        }
        try {
            DESERIALIZER.deserialize("t", new RecordHeaders(), big);
            throw new AssertionError("a record over the limit was read");
        }
        catch (SerializationException refused) {
            // the size, not what Jackson would have said about the content: it was never parsed
            assertThat(refused.getMessage()).contains("larger than " + BoundedSubmissionDeserializer.MAX_RECORD_SIZE);
        }
    }

    @Provide
    Arbitrary<FormSubmission> submissions() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10),
                Arbitraries.of("\u0000", "a\ud800", "\udc00b", "ok"));
        Arbitrary<Map<String, List<String>>> fields = Arbitraries.maps(text, text.list().ofMaxSize(4)).ofMaxSize(6);
        Arbitrary<String> formIds = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(70), Arbitraries.of("contact", "a\"b", "x;y", "-bad"));
        Arbitrary<Instant> receivedAt = Arbitraries.longs().between(-3600, 3600).map(NOW::plusSeconds);
        return Combinators.combine(formIds, receivedAt, fields, text).as((formId, at, values, agent) ->
                new FormSubmission(UUID.randomUUID(), formId, at, "producer:test", "10.0.0.1", agent, values));
    }

    @Provide
    Arbitrary<byte[]> records() {
        return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().ofMaxLength(20).list().ofMinSize(1).ofMaxSize(3)).as((formId, values) -> {
                    Map<String, List<String>> fields = new LinkedHashMap<>();
                    fields.put("message", values);
                    return JSON.writeValueAsBytes(submission(formId, NOW, fields));
                });
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Mutation> flip = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
                .as((at, value) -> body -> {
                    byte[] copy = body.clone();
                    copy[at % copy.length] = value;
                    return copy;
                });
        Arbitrary<Mutation> insert = Combinators.combine(Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.of("\\u0000", "\\ud800", "\"", ",", "[", "{", "null", "\"2999-01-01T00:00:00Z\"", "1e999999", "[[[[[[[["))
                .as((at, text) -> body -> {
                    int position = at % (body.length + 1);
                    byte[] inserted = text.getBytes(StandardCharsets.UTF_8);
                    byte[] copy = new byte[body.length + inserted.length];
                    System.arraycopy(body, 0, copy, 0, position);
                    System.arraycopy(inserted, 0, copy, position, inserted.length);
                    System.arraycopy(body, position, copy, position + inserted.length, body.length - position);
                    return copy;
                });
        Arbitrary<Mutation> truncate = Arbitraries.integers().greaterOrEqual(0).map(at -> body -> Arrays.copyOf(body, at % body.length));
        return Arbitraries.oneOf(flip, insert, truncate);
    }

    interface Mutation extends Function<byte[], byte[]> {
    }

    private static void storesOrDeadLetters(byte[] record) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        FormSubmission submission;
        try {
            submission = DESERIALIZER.deserialize("t", new RecordHeaders(), record);
        }
        catch (SerializationException deadLetter) {
            submission = null;
        }
        String problem = RULES.problem(submission);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated reading a record of %d bytes", record.length)
                .isLessThanOrEqualTo(ALLOCATION_ALLOWANCE + ALLOCATION_PER_RECORD_BYTE * record.length);
        if (problem == null) {
            assertThat(submission).isNotNull();
            assertThat(submission.fields()).isNotEmpty();
        }
    }

    private static FormSubmission submission(String formId, Instant at, Map<String, List<String>> fields) {
        return new FormSubmission(UUID.randomUUID(), formId, at, "producer:test", null, null, fields);
    }
}
