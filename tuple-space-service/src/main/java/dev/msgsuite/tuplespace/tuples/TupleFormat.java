package dev.msgsuite.tuplespace.tuples;

import dev.msgsuite.tuplespace.tuples.Refusal.Reason;
import dev.msgsuite.tuplespace.tuples.TemplateField.FieldType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads tuples, templates and space names from JSON already parsed, within the limits: the
 * count of fields first, then each field, then the tuple's encoded size. Anything else is a
 * {@link Refusal} naming what is wrong.
 */
public final class TupleFormat {

    /** Space names: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    private static final Pattern SPACE_NAME = Pattern.compile("\\A[A-Za-z0-9][A-Za-z0-9._-]*\\z");

    private final int maxFields;

    private final int maxTupleBytes;

    private final int maxSpaceNameLength;

    public TupleFormat(int maxFields, int maxTupleBytes, int maxSpaceNameLength) {
        this.maxFields = maxFields;
        this.maxTupleBytes = maxTupleBytes;
        this.maxSpaceNameLength = maxSpaceNameLength;
    }

    public Tuple tuple(@Nullable JsonNode json) {
        if (json == null || !json.isArray()) {
            throw new Refusal(Reason.MALFORMED_TUPLE, "A tuple is a JSON array of strings, numbers, booleans and nulls");
        }
        checkFieldCount(json.size());
        List<JsonNode> fields = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            JsonNode field = json.get(i);
            if (!isScalar(field)) {
                throw new Refusal(Reason.MALFORMED_TUPLE, "Field " + i + " of the tuple is not a string, number, boolean or null");
            }
            fields.add(field);
        }
        Tuple tuple = new Tuple(fields);
        int size = tuple.toJson().toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > this.maxTupleBytes) {
            throw new Refusal(Reason.TUPLE_TOO_LARGE, "The tuple is " + size + " bytes as JSON; at most " + this.maxTupleBytes + " are allowed");
        }
        return tuple;
    }

    public Template template(@Nullable JsonNode json) {
        if (json == null || !json.isArray()) {
            throw new Refusal(Reason.MALFORMED_TEMPLATE,
                    "A template is a JSON array of nulls (any), scalars (equal) and type patterns such as {\"type\": \"string\"}");
        }
        checkFieldCount(json.size());
        List<TemplateField> fields = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            fields.add(templateField(json.get(i), i));
        }
        return new Template(fields);
    }

    public String space(@Nullable String name) {
        if (name == null || name.isEmpty() || name.length() > this.maxSpaceNameLength || !SPACE_NAME.matcher(name).matches()) {
            throw new Refusal(Reason.BAD_SPACE_NAME, "A space name has 1 to " + this.maxSpaceNameLength
                    + " letters, digits, '.', '_' or '-', and starts with a letter or digit");
        }
        return name;
    }

    private TemplateField templateField(JsonNode field, int index) {
        if (field.isNull()) {
            return new TemplateField.Any();
        }
        if (isScalar(field)) {
            return new TemplateField.EqualTo(field);
        }
        if (field.isObject() && field.size() == 1 && field.get("type") != null && field.get("type").isString()) {
            FieldType type = FieldType.named(field.get("type").asString());
            if (type != null) {
                return new TemplateField.OfType(type);
            }
        }
        throw new Refusal(Reason.MALFORMED_TEMPLATE, "Field " + index
                + " of the template is neither null, a scalar, nor {\"type\": \"string\" | \"number\" | \"boolean\"}");
    }

    private void checkFieldCount(int count) {
        if (count > this.maxFields) {
            throw new Refusal(Reason.TOO_MANY_FIELDS, "At most " + this.maxFields + " fields are allowed; this has " + count);
        }
    }

    private static boolean isScalar(@Nullable JsonNode field) {
        return field != null && (field.isString() || field.isNumber() || field.isBoolean() || field.isNull());
    }
}
