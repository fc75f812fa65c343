package dev.msgsuite.tuplespace.tuples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Matching, as the lecture defines it: same length; each field a wildcard, an equal value, or a type. */
class TemplateMatchingTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TupleFormat format = new TupleFormat(16, 4096, 64);

    @Test
    void nullMatchesAnyFieldAndAValueAnEqualOne() {
        assertThat(matches("[\"job\", null]", "[\"job\", 5]")).isTrue();
        assertThat(matches("[\"job\", null]", "[\"job\", null]")).isTrue();
        assertThat(matches("[\"job\", 5]", "[\"job\", 5.0]")).isTrue();
        assertThat(matches("[\"job\", 5]", "[\"job\", \"5\"]")).isFalse();
        assertThat(matches("[\"job\", true]", "[\"job\", 1]")).isFalse();
    }

    @Test
    void aTemplateMatchesOnlyTuplesOfItsLength() {
        assertThat(matches("[null]", "[1, 2]")).isFalse();
        assertThat(matches("[null, null, null]", "[1, 2]")).isFalse();
        assertThat(matches("[]", "[]")).isTrue();
    }

    @Test
    void typePatternsMatchFieldsOfThatType() {
        assertThat(matches("[{\"type\": \"string\"}]", "[\"a\"]")).isTrue();
        assertThat(matches("[{\"type\": \"string\"}]", "[1]")).isFalse();
        assertThat(matches("[{\"type\": \"number\"}]", "[1.5]")).isTrue();
        assertThat(matches("[{\"type\": \"number\"}]", "[null]")).isFalse();
        assertThat(matches("[{\"type\": \"boolean\"}]", "[false]")).isTrue();
    }

    private boolean matches(String template, String tuple) {
        return this.format.template(JSON.readTree(template)).matches(this.format.tuple(JSON.readTree(tuple)));
    }
}
