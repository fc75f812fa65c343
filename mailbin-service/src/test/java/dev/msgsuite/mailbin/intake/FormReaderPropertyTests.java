package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msgsuite.contracts.FormSubmission;
import dev.msgsuite.mailbin.submission.SubmissionRules;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever body a form endpoint receives (urlencoded, multipart text parts, JSON), reading and
 * checking it gives either a checked form the store will accept or the documented refusal
 * ({@link IntakeRejection} with 400, 413 or 422), never another exception, and allocates no more
 * than a small multiple of the body's size.
 */
class FormReaderPropertyTests {

    private static final long ALLOCATION_PER_BODY_BYTE = 64;

    private static final long ALLOCATION_ALLOWANCE = 256 * 1024;

    private static final Set<HttpStatus> DOCUMENTED = Set.of(HttpStatus.BAD_REQUEST, HttpStatus.UNPROCESSABLE_CONTENT);

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final IntakeProperties PROPERTIES = new IntakeProperties(DataSize.ofKilobytes(64), 50, 100, 10_000, "_gotcha",
            "/thanks.html", List.of(URI.create("https://example.org")), Duration.ofSeconds(5),
            new IntakeProperties.RateLimit(20, 1, 1000), Set.of(), List.of());

    private static final FormReader READER = new FormReader(PROPERTIES, JsonMapper.builder().build());

    private static final SubmissionRules RULES = new SubmissionRules(PROPERTIES.maxFields(), PROPERTIES.maxFieldNameLength(),
            PROPERTIES.maxFieldValueLength(), Duration.ofMinutes(5), Clock.systemUTC());

    static {
        // the first JSON read loads and caches parser machinery: not the body's cost
        READER.json("{\"warm\": [1, \"up\"]}".getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void arbitraryUrlEncodedBytesAreAFormOrRefused(@ForAll @Size(max = 400) byte[] body) {
        readsOrRefuses(body.length, () -> READER.check(READER.urlEncoded(body)));
    }

    @Property(tries = 2000)
    void mutatedUrlEncodedFormsAreAFormOrRefused(@ForAll("urlEncodedForms") byte[] valid, @ForAll("mutations") Mutation mutation) {
        byte[] body = mutation.apply(valid);
        readsOrRefuses(body.length, () -> READER.check(READER.urlEncoded(body)));
    }

    @Property(tries = 2000)
    void arbitraryJsonBytesAreAFormOrRefused(@ForAll @Size(max = 400) byte[] body) {
        readsOrRefuses(body.length, () -> READER.check(READER.json(body)));
    }

    @Property(tries = 2000)
    void mutatedJsonFormsAreAFormOrRefused(@ForAll("jsonForms") byte[] valid, @ForAll("mutations") Mutation mutation) {
        byte[] body = mutation.apply(valid);
        readsOrRefuses(body.length, () -> READER.check(READER.json(body)));
    }

    @Property(tries = 1000)
    void arbitraryMultipartTextPartsAreAFormOrRefused(@ForAll("parts") List<Map.Entry<String, byte[]>> parts) {
        int size = parts.stream().mapToInt(part -> part.getKey().length() * 2 + part.getValue().length).sum();
        readsOrRefuses(size, () -> READER.check(READER.multipart(parts)));
    }

    @Property(tries = 300)
    void nulAndLoneSurrogatesAreRefusedWhereverTheyAre(@ForAll("hostileText") String hostile, @ForAll boolean inName) {
        String json = inName ? "{\"" + jsonEscape(hostile) + "\": \"x\"}" : "{\"m\": \"" + jsonEscape(hostile) + "\"}";
        CheckedForm form = readsOrRefuses(json.length(), () -> READER.check(READER.json(json.getBytes(StandardCharsets.UTF_8))));
        assertThat(form).as("a form with U+0000 or a lone surrogate is never accepted").isNull();
    }

    @Provide
    Arbitrary<byte[]> urlEncodedForms() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(20).map(text -> URLEncoded.of(text))
                .list().ofMinSize(1).ofMaxSize(8)
                .map(values -> {
                    StringBuilder body = new StringBuilder();
                    for (int i = 0; i < values.size(); i++) {
                        body.append(i == 0 ? "" : "&").append("f").append(i).append('=').append(values.get(i));
                    }
                    return body.append("&_next=%2Fdone").toString().getBytes(StandardCharsets.UTF_8);
                });
    }

    @Provide
    Arbitrary<byte[]> jsonForms() {
        return Arbitraries.strings().ofMaxLength(20).list().ofMinSize(1).ofMaxSize(8).map(values -> {
            StringBuilder body = new StringBuilder("{");
            for (int i = 0; i < values.size(); i++) {
                body.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": \"").append(jsonEscape(values.get(i))).append('"');
            }
            return body.append(", \"list\": [1, true, null]}").toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    @Provide
    Arbitrary<List<Map.Entry<String, byte[]>>> parts() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(120), Arbitraries.of("a", "_next", "_gotcha"));
        Arbitrary<byte[]> values = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.strings().ofMaxLength(200).map(text -> text.getBytes(StandardCharsets.UTF_8)));
        return Combinators.combine(names, values).as(Map::entry).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<String> hostileText() {
        Arbitrary<String> hostile = Arbitraries.of("\u0000", "\ud800", "\udfff", "a\ud83dz");
        return Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(5), hostile, Arbitraries.strings().alpha().ofMaxLength(5))
                .as((before, bad, after) -> before + bad + after);
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
                Arbitraries.of("%00", "%", "%C3", "%ED%A0%80", "\\u0000", "\\ud800", "&", "=", "\"", "{", "[", "&_next=/a%20b",
                        "&_next=/a b", "&_gotcha=x"))
                .as((at, text) -> body -> {
                    int position = at % (body.length + 1);
                    byte[] inserted = text.getBytes(StandardCharsets.ISO_8859_1);
                    byte[] copy = new byte[body.length + inserted.length];
                    System.arraycopy(body, 0, copy, 0, position);
                    System.arraycopy(inserted, 0, copy, position, inserted.length);
                    System.arraycopy(body, position, copy, position + inserted.length, body.length - position);
                    return copy;
                });
        Arbitrary<Mutation> truncate = Arbitraries.integers().greaterOrEqual(0).map(at -> body -> Arrays.copyOf(body, at % body.length));
        Arbitrary<Mutation> repeat = Arbitraries.integers().between(2, 200).map(times -> body -> {
            byte[] copy = new byte[body.length * times];
            for (int i = 0; i < times; i++) {
                System.arraycopy(body, 0, copy, i * body.length, body.length);
            }
            return copy;
        });
        return Arbitraries.oneOf(flip, insert, truncate, repeat);
    }

    interface Mutation extends Function<byte[], byte[]> {
    }

    /** The checked form, or null when it was refused as documented; fails on anything else. */
    private static CheckedForm readsOrRefuses(int bodySize, Supplier<CheckedForm> read) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        CheckedForm form;
        try {
            form = read.get();
        }
        catch (IntakeRejection refused) {
            assertThat(refused.status()).isIn(DOCUMENTED);
            assertThat(refused.getMessage()).isNotBlank();
            form = null;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated reading a body of %d bytes", bodySize)
                .isLessThanOrEqualTo(ALLOCATION_ALLOWANCE + ALLOCATION_PER_BODY_BYTE * bodySize);
        if (form != null) {
            // what the intake accepts, the store accepts: it is never dead-lettered after a 202
            FormSubmission submission = new FormSubmission(UUID.randomUUID(), "form", Instant.now(), "http", "127.0.0.1", null,
                    form.fields());
            assertThat(RULES.problem(submission)).isNull();
        }
        return form;
    }

    private static String jsonEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate((char) c)
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return escaped.toString();
    }

    private static final class URLEncoded {

        static String of(String text) {
            return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }
}
