package dev.msgsuite.tuplespace.tuples;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/** One position of a template: a wildcard, a value the field must equal, or the JSON type it must have. */
public sealed interface TemplateField {

    boolean matches(JsonNode field);

    /** {@code null} in a template: any field. */
    record Any() implements TemplateField {

        @Override
        public boolean matches(JsonNode field) {
            return true;
        }
    }

    /** A scalar: an equal field; numbers compare by value, so {@code 1} equals {@code 1.0}, as in PostgreSQL's jsonb. */
    record EqualTo(JsonNode value) implements TemplateField {

        @Override
        public boolean matches(JsonNode field) {
            if (this.value.isNumber() && field.isNumber()) {
                return decimal(this.value).compareTo(decimal(field)) == 0;
            }
            return this.value.equals(field);
        }

        private static BigDecimal decimal(JsonNode number) {
            return number.decimalValue();
        }
    }

    /** {@code {"type": "string"}}: any field of that JSON type (string, number or boolean). */
    record OfType(FieldType type) implements TemplateField {

        @Override
        public boolean matches(JsonNode field) {
            return this.type.test(field);
        }
    }

    /** The types a type pattern may name, spelled as PostgreSQL's {@code jsonb_typeof} spells them. */
    enum FieldType {

        STRING("string"), NUMBER("number"), BOOLEAN("boolean");

        private final String jsonName;

        FieldType(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return this.jsonName;
        }

        boolean test(JsonNode field) {
            return switch (this) {
                case STRING -> field.isString();
                case NUMBER -> field.isNumber();
                case BOOLEAN -> field.isBoolean();
            };
        }

        static FieldType named(String name) {
            for (FieldType type : values()) {
                if (type.jsonName.equals(name)) {
                    return type;
                }
            }
            return null;
        }
    }
}
