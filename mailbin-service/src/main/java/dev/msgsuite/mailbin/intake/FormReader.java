package dev.msgsuite.mailbin.intake;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
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

    /** Reads an {@code application/x-www-form-urlencoded} body (UTF-8). */
    Map<String, List<String>> urlEncoded(byte[] body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            add(fields, name, value);
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

    /** Reads the fields of a multipart body as the servlet container parsed them. */
    Map<String, List<String>> parameters(Map<String, String[]> parameters) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            for (String value : values) {
                add(fields, name, value);
            }
        });
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
            if (name.isBlank()) {
                throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "A field has an empty name");
            }
            if (name.length() > this.properties.maxFieldNameLength()) {
                String shown = name.length() > 20 ? name.substring(0, 20) + "..." : name;
                throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "Field name '" + shown + "' is "
                        + name.length() + " characters long, at most " + this.properties.maxFieldNameLength() + " are accepted");
            }
            for (String value : field.getValue()) {
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

    private String allowedNext(String next) {
        if (next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) {
            return next;
        }
        try {
            URI uri = new URI(next);
            boolean allowed = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && this.properties.allowedRedirectOrigins().stream().anyMatch(origin -> sameOrigin(origin, uri));
            if (allowed) {
                return next;
            }
        }
        catch (URISyntaxException ex) {
            // refused below with the same message as any other URL that is not allowed
        }
        throw new IntakeRejection(HttpStatus.UNPROCESSABLE_CONTENT, "The _next URL '" + next
                + "' is not allowed: use a path on this site or an origin listed in mailbin.intake.allowed-redirect-origins");
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

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            throw new IntakeRejection(HttpStatus.BAD_REQUEST, "The form body is not valid URL encoding: " + ex.getMessage());
        }
    }
}
