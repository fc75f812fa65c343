package dev.msgsuite.tuplespace.tuples;

import static org.assertj.core.api.Assertions.assertThat;


import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Any text, valid or mutated: the parsers give a tuple or template within the limits, or a documented refusal, nothing else. */
class TupleFormatPropertyTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TupleFormat format = new TupleFormat(8, 200, 64);

    @Property(tries = 2000)
    void aTupleIsWithinTheLimitsOrRefusedWithAReason(@ForAll("mutatedJson") String text) {
        JsonNode json = parse(text);
        try {
            Tuple tuple = this.format.tuple(json);
            assertThat(tuple.arity()).isLessThanOrEqualTo(8);
            assertThat(tuple.toJson().toString().length()).isLessThanOrEqualTo(200);
            assertThat(tuple.fields()).allMatch(field -> field.isString() || field.isNumber() || field.isBoolean() || field.isNull());
        }
        catch (Refusal refusal) {
            assertThat(refusal.reason()).isIn(Refusal.Reason.MALFORMED_TUPLE, Refusal.Reason.TOO_MANY_FIELDS, Refusal.Reason.TUPLE_TOO_LARGE);
        }
    }

    @Property(tries = 2000)
    void aTemplateIsWithinTheLimitsOrRefusedWithAReason(@ForAll("mutatedJson") String text) {
        JsonNode json = parse(text);
        try {
            Template template = this.format.template(json);
            assertThat(template.arity()).isLessThanOrEqualTo(8);
        }
        catch (Refusal refusal) {
            assertThat(refusal.reason()).isIn(Refusal.Reason.MALFORMED_TEMPLATE, Refusal.Reason.TOO_MANY_FIELDS);
        }
    }

    @Property(tries = 1000)
    void aSpaceNameIsAcceptedOnlyWhenSafe(@ForAll("names") String name) {
        try {
            assertThat(this.format.space(name)).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
        catch (Refusal refusal) {
            assertThat(refusal.reason()).isEqualTo(Refusal.Reason.BAD_SPACE_NAME);
        }
    }

    @Property(tries = 1000)
    void aTemplateMadeOfATuplesOwnFieldsMatchesIt(@ForAll("validTuples") String text) {
        Tuple tuple = this.format.tuple(parse(text));
        assertThat(this.format.template(parse(text)).matches(tuple)).isTrue();
    }

    @Provide
    Arbitrary<String> mutatedJson() {
        Arbitrary<String> valid = validTuples();
        Arbitrary<String> templates = Arbitraries.of("[null, 1, {\"type\": \"string\"}]", "[{\"type\": \"number\"}, true]", "[{\"type\": 1}]",
                "[{\"type\": \"string\", \"x\": 1}]", "[[1]]", "{\"a\": 1}", "1", "\"s\"", "null", "[]");
        Arbitrary<String> mutated = valid.flatMap(json -> Arbitraries.integers().between(0, Math.max(0, json.length() - 1))
                .flatMap(at -> Arbitraries.strings().ofMinLength(0).ofMaxLength(3).withChars("[]{}\",:0a\\ ")
                        .map(insert -> json.substring(0, at) + insert + json.substring(Math.min(json.length(), at + 1)))));
        return Arbitraries.oneOf(valid, templates, mutated, Arbitraries.strings().ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> validTuples() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(15).map(s -> "\"" + s + "\""),
                Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf), Arbitraries.of("true", "false", "null"));
        return field.list().ofMaxSize(8).map(fields -> "[" + String.join(",", fields) + "]");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("abcXYZ019._-/ \\*%").ofMaxLength(80), Arbitraries.of("t-1", "jobs", "a.b_c-d"));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        }
        catch (JacksonException ex) {
            return null;
        }
    }

}
