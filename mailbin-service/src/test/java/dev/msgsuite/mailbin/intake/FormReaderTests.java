package dev.msgsuite.mailbin.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class FormReaderTests {

    private final FormReader reader = new FormReader(new IntakeProperties(DataSize.ofKilobytes(64), 5, 10, 40, "_gotcha",
            "/thanks.html", List.of(URI.create("https://example.org")), Duration.ofSeconds(5),
            new IntakeProperties.RateLimit(10, 1, 1000), Set.of(), List.of()), JsonMapper.builder().build());

    @Test
    void urlEncodedBodyKeepsOrderRepeatsAndUtf8() {
        Map<String, List<String>> fields = this.reader.urlEncoded("b=2&a=%C3%A9t%C3%A9&b=3&flag&c=x+y".getBytes(StandardCharsets.UTF_8));

        assertThat(fields).containsExactly(Map.entry("b", List.of("2", "3")), Map.entry("a", List.of("été")),
                Map.entry("flag", List.of("")), Map.entry("c", List.of("x y")));
    }

    @Test
    void brokenUrlEncodingIsABadRequest() {
        assertRejected(() -> this.reader.urlEncoded("a=%ZZ".getBytes(StandardCharsets.UTF_8)), HttpStatus.BAD_REQUEST, "URL encoding");
    }

    @Test
    void controlFieldsAreNotStoredAndARelativeNextIsKept() {
        CheckedForm form = this.reader.check(fields("email", "a@b.c", "_next", "/done", "_gotcha", ""));

        assertThat(form.fields()).containsOnlyKeys("email");
        assertThat(form.next()).isEqualTo(URI.create("/done"));
    }

    @Test
    void nextMayPointOnlyToAllowedOrigins() {
        assertThat(this.reader.check(fields("a", "1", "_next", "https://example.org/thanks")).next()).isEqualTo(URI.create("https://example.org/thanks"));
        for (String next : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                "http://example.org/", "https://example.org:8443/")) {
            assertRejected(() -> this.reader.check(fields("a", "1", "_next", next)), HttpStatus.UNPROCESSABLE_CONTENT, "is not allowed");
        }
    }

    @Test
    void limitsOnCountAndLengthsAndTheHoneypot() {
        assertRejected(() -> this.reader.check(fields("a", "1", "b", "2", "c", "3", "d", "4", "e", "5", "f", "6")),
                HttpStatus.UNPROCESSABLE_CONTENT, "Too many fields: 6 values sent, at most 5");
        assertRejected(() -> this.reader.check(fields("a".repeat(11), "1")), HttpStatus.UNPROCESSABLE_CONTENT, "at most 10");
        assertRejected(() -> this.reader.check(fields("a", "x".repeat(41))), HttpStatus.UNPROCESSABLE_CONTENT,
                "Field 'a' is 41 characters long, at most 40");
        assertRejected(() -> this.reader.check(fields("a", "1", "_gotcha", "spam")), HttpStatus.UNPROCESSABLE_CONTENT,
                "hidden field '_gotcha' must be left empty");
        assertRejected(() -> this.reader.check(fields("_next", "/x")), HttpStatus.UNPROCESSABLE_CONTENT, "no fields");
    }

    @Test
    void jsonAcceptsScalarsAndListsOfScalarsOnly() {
        assertThat(this.reader.json("{\"a\": 1.5, \"b\": [true, null], \"c\": \"x\"}".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(Map.entry("a", List.of("1.5")), Map.entry("b", List.of("true", "")), Map.entry("c", List.of("x")));
        assertRejected(() -> this.reader.json("{\"a\": [[1]]}".getBytes(StandardCharsets.UTF_8)), HttpStatus.UNPROCESSABLE_CONTENT,
                "Field 'a' must be a string, number, boolean or a list of them");
        assertRejected(() -> this.reader.json("\"text\"".getBytes(StandardCharsets.UTF_8)), HttpStatus.UNPROCESSABLE_CONTENT,
                "must be an object");
        assertRejected(() -> this.reader.json("{".getBytes(StandardCharsets.UTF_8)), HttpStatus.BAD_REQUEST, "not valid JSON");
    }

    @Test
    void textPostgresCannotStoreIsRefused() {
        assertRejected(() -> this.reader.check(this.reader.urlEncoded("a=x%00y".getBytes(StandardCharsets.UTF_8))),
                HttpStatus.UNPROCESSABLE_CONTENT, "Field 'a' contains the NUL character");
        assertRejected(() -> this.reader.check(this.reader.json("{\"a\\u0000\": 1}".getBytes(StandardCharsets.UTF_8))),
                HttpStatus.UNPROCESSABLE_CONTENT, "A field name contains the NUL character");
        assertRejected(() -> this.reader.check(this.reader.json("{\"a\": \"\\udc00\"}".getBytes(StandardCharsets.UTF_8))),
                HttpStatus.UNPROCESSABLE_CONTENT, "lone UTF-16 surrogate");
        assertRejected(() -> this.reader.urlEncoded("a=%C3%28".getBytes(StandardCharsets.UTF_8)), HttpStatus.BAD_REQUEST, "not valid UTF-8");
        assertRejected(() -> this.reader.urlEncoded("a=%ED%A0%80".getBytes(StandardCharsets.UTF_8)), HttpStatus.BAD_REQUEST,
                "not valid UTF-8");
        assertRejected(() -> this.reader.multipart(List.of(Map.entry("a", new byte[] { (byte) 0xFF }))), HttpStatus.BAD_REQUEST,
                "multipart field is not valid UTF-8");
        assertThat(this.reader.check(this.reader.json("{\"a\": \"\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8))).fields())
                .containsEntry("a", List.of("\ud83d\ude00"));
    }

    @Test
    void aNextThatIsNoUriIsRefusedBeforeSending() {
        for (String next : List.of("/a b", "/\t/x", "/a|b", "/%zz")) {
            assertRejected(() -> this.reader.check(fields("a", "1", "_next", next)), HttpStatus.UNPROCESSABLE_CONTENT, "is not allowed");
        }
        assertThat(this.reader.check(fields("a", "1", "_next", "/a%20b?x=1#top")).next()).isEqualTo(URI.create("/a%20b?x=1#top"));
    }

    @Test
    void multipartTextPartsAreReadAsUtf8() {
        assertThat(this.reader.multipart(List.of(Map.entry("name", "Zoë".getBytes(StandardCharsets.UTF_8)),
                Map.entry("name", "Ann".getBytes(StandardCharsets.UTF_8))))).containsExactly(Map.entry("name", List.of("Zoë", "Ann")));
    }

    @Test
    void aFloodOfTinyFieldsIsCutShortWhileReading() {
        assertRejected(() -> this.reader.urlEncoded("a=1&".repeat(10_000).getBytes(StandardCharsets.UTF_8)),
                HttpStatus.UNPROCESSABLE_CONTENT, "Too many fields");
    }

    private static Map<String, List<String>> fields(String... namesAndValues) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return fields;
    }

    private static void assertRejected(Runnable action, HttpStatus status, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(IntakeRejection.class, rejection -> {
            assertThat(rejection.status()).isEqualTo(status);
            assertThat(rejection.getMessage()).contains(message);
        });
    }
}
