package dev.msgsuite.mailbin.intake;

import dev.msgsuite.mailbin.submission.SubmissionRules;
import dev.msgsuite.support.logging.LogSafe;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the three body formats a form endpoint accepts into fields and checks them against
 * the limits. Plain logic, no servlet types, so every rule is unit-tested on its own.
 * Fields whose name starts with {@code _} steer the intake ({@code _next}, the honeypot)
 * and are never stored.
 */
class FormReader {

    static final String NEXT_FIELD = "_next";

    private final IntakeProperties properties;

    private final JsonMapper json;

    FormReader(IntakeProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /**
     * Reads an {@code application/x-www-form-urlencoded} body. Names and values must be UTF-8 once
     * percent-decoded: anything else is refused rather than turned into U+FFFD.
     */
    Map<String, List<String>> urlEncoded(byte[] body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            if (end > start) {
                int equals = indexOf(body, (byte) '=', start, end);
                String name = decode(body, start, equals);
                String value = equals == end ? "" : decode(body, equals + 1, end);
                if (!(name.isBlank() && value.isEmpty() && isBlank(body, start, end))) {
                    add(fields, name, value);
                }
            }
            start = end + 1;
        }
        return fields;
    }

    /** Reads a JSON object whose values are strings, numbers, booleans, null or lists of them. */
    Map<String, List<String>> json(byte[] body) {
        JsonNode root;
        try {
            root = this.json.readTree(body);
        }
        catch (JacksonException ex) {
            throw new IntakeRejection(HttpStatus.BAD_REQUEST, "The body is not valid JSON: " + ex.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT,
                    "A JSON submission must be an object of fields, like {\"email\": \"jane@example.org\"}");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                for (JsonNode element : value) {
                    add(fields, field.getKey(), scalar(field.getKey(), element));
                }
            }
            else {
                add(fields, field.getKey(), scalar(field.getKey(), value));
            }
        }
        return fields;
    }

    /**
     * Reads the text fields of a multipart body: each part's name and its bytes, which must be
     * UTF-8 (browsers send a UTF-8 page's form as UTF-8 and name no charset per part).
     */
    Map<String, List<String>> multipart(List<Map.Entry<String, byte[]>> parts) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> part : parts) {
            add(fields, part.getKey(), utf8(part.getValue(), 0, part.getValue().length, "multipart field"));
        }
        return fields;
    }

    /** Applies the honeypot, count and length limits and the {@code _next} policy. */
    CheckedForm check(Map<String, List<String>> submitted) {
        int count = submitted.values().stream().mapToInt(List::size).sum();
        if (count > this.properties.maxFields()) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "Too many fields: " + count
                    + " values sent, at most " + this.properties.maxFields() + " are accepted");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Entry<String, List<String>> field : submitted.entrySet()) {
            String name = field.getKey();
            refuseText("A field name", name);
            if (name.isBlank()) {
                throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "A field has an empty name");
            }
            if (name.length() > this.properties.maxFieldNameLength()) {
                String shown = shorten(name);
                throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "Field name '" + shown + "' is "
                        + name.length() + " characters long, at most " + this.properties.maxFieldNameLength() + " are accepted");
            }
            for (String value : field.getValue()) {
                refuseText("Field '" + LogSafe.escape(shorten(name)) + "'", value);
                if (value.length() > this.properties.maxFieldValueLength()) {
                    throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "Field '" + name + "' is " + value.length()
                            + " characters long, at most " + this.properties.maxFieldValueLength() + " are accepted");
                }
            }
            if (!name.startsWith("_")) {
                fields.put(name, List.copyOf(field.getValue()));
            }
        }
        List<String> honeypot = submitted.getOrDefault(this.properties.honeypotField(), List.of());
        if (honeypot.stream().anyMatch(value -> !value.isEmpty())) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "Refused as spam: the hidden field '"
                    + this.properties.honeypotField() + "' must be left empty");
        }
        if (fields.isEmpty()) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "The submission has no fields");
        }
        List<String> next = submitted.getOrDefault(NEXT_FIELD, List.of());
        return new CheckedForm(fields, next.isEmpty() || next.getFirst().isEmpty() ? null : allowedNext(next.getFirst()));
    }

    /** The redirect target, parsed here so a {@code _next} that is no URI is refused before the submission is sent. */
    private URI allowedNext(String next) {
        try {
            URI uri = new URI(next);
            if (next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) {
                return uri;
            }
            boolean allowed = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && this.properties.allowedRedirectOrigins().stream().anyMatch(origin -> sameOrigin(origin, uri));
            if (allowed) {
                return uri;
            }
        }
        catch (URISyntaxException ex) {
            // refused below with the same message as any other URL that is not allowed
        }
        throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "The _next URL '" + LogSafe.escape(shorten(next))
                + "' is not allowed: it must be a valid URI (spaces and the like percent-encoded),"
                + " a path on this site or on an origin listed in mailbin.intake.allowed-redirect-origins");
    }

    private static boolean sameOrigin(URI origin, URI uri) {
        return origin.getScheme().equalsIgnoreCase(uri.getScheme()) && origin.getHost().equalsIgnoreCase(uri.getHost())
                && port(origin) == port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String scalar(String name, JsonNode value) {
        if (value.isNull()) {
            return "";
        }
        if (!value.isValueNode()) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "Field '" + name
                    + "' must be a string, number, boolean or a list of them, not a nested object or list");
        }
        return value.asString();
    }

    private void add(Map<String, List<String>> fields, String name, String value) {
        // stop early: a body of many tiny fields must not build a huge map before the count check
        if (fields.values().stream().mapToInt(List::size).sum() >= this.properties.maxFields() + 2) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "Too many fields: more than "
                    + this.properties.maxFields() + " values sent, at most " + this.properties.maxFields() + " are accepted");
        }
        fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }

    private static void refuseText(String what, String text) {
        String problem = SubmissionRules.textProblem(text);
        if (problem != null) {
            throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, what + " " + problem + ": such text cannot be stored");
        }
    }

    private static String shorten(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "..." : text;
    }

    private static int indexOf(byte[] body, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decodes {@code body[from, to)} ({@code +} is a space) and reads the bytes as strict UTF-8. */
    private static String decode(byte[] body, int from, int to) {
        byte[] bytes = new byte[to - from];
        int length = 0;
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes[length++] = ' ';
            }
            else if (b == '%') {
                int high = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
                int low = high >= 0 ? Character.digit(body[i + 2], 16) : -1;
                if (low < 0) {
                    throw new IntakeRejection(HttpStatus.BAD_REQUEST,
                            "The form body is not valid URL encoding: '%' must be followed by two hexadecimal digits");
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 2;
            }
            else {
                bytes[length++] = b;
            }
        }
        return utf8(bytes, 0, length, "form body");
    }

    private static String utf8(byte[] bytes, int from, int length, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, length)).toString();
        }
        catch (CharacterCodingException ex) {
            throw new IntakeRejection(HttpStatus.BAD_REQUEST, "The " + what + " is not valid UTF-8");
        }
    }
}
