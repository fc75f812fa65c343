package dev.msgsuite.testsupport;

import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutations of valid JSON text as a hostile or broken client sends it: characters swapped for
 * JSON syntax or anything else, parts cut, repeated or nested deep, numbers and strings made
 * long. Needs jqwik on the test class path (optional here).
 */
public final class JsonMutations {

    private static final String SYNTAX = "{}[]\",:-+.0123456789eEnulltruefalse \\u\u0000\u00e9\ud800";

    private JsonMutations() {
    }

    /** The valid texts, mutated once to five times. */
    public static Arbitrary<String> mutated(Arbitrary<String> valid) {
        return Combinators.combine(valid, mutation().list().ofMinSize(1).ofMaxSize(5)).as((json, mutations) -> {
            String text = json;
            for (Function<String, String> mutation : mutations) {
                text = mutation.apply(text);
            }
            return text;
        });
    }

    private static Arbitrary<Function<String, String>> mutation() {
        Arbitrary<Integer> at = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<Function<String, String>> replace = Combinators.combine(at,
                Arbitraries.of(SYNTAX.chars().mapToObj(c -> (char) c).toList()))
                .as((i, c) -> text -> text.isEmpty() ? text : text.substring(0, i % text.length()) + c
                        + text.substring(i % text.length() + 1));
        Arbitrary<Function<String, String>> anyChar = Combinators.combine(at, Arbitraries.chars())
                .as((i, c) -> text -> text.isEmpty() ? text : text.substring(0, i % text.length()) + c
                        + text.substring(i % text.length() + 1));
        Arbitrary<Function<String, String>> cut = Combinators.combine(at, Arbitraries.integers().between(1, 20))
                .as((i, n) -> text -> text.isEmpty() ? text : text.substring(0, i % text.length())
                        + text.substring(Math.min(text.length(), i % text.length() + n)));
        Arbitrary<Function<String, String>> repeat = Combinators.combine(at, Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(2, 50)).as((i, n, times) -> text -> {
                    if (text.isEmpty()) {
                        return text;
                    }
                    int from = i % text.length();
                    String part = text.substring(from, Math.min(text.length(), from + n));
                    return text.substring(0, from) + part.repeat(times) + text.substring(from);
                });
        Arbitrary<Function<String, String>> nest = Combinators.combine(at, Arbitraries.integers().between(1, 2000),
                Arbitraries.of("[", "{\"a\":", "[[")).as((i, depth, open) -> text -> text.substring(0, i % (text.length() + 1))
                        + open.repeat(depth) + text.substring(i % (text.length() + 1)));
        Arbitrary<Function<String, String>> longValue = Combinators.combine(at, Arbitraries.integers().between(1, 300_000),
                Arbitraries.of("9", "\"x", "-1", "0.5e", "null,")).as((i, n, unit) -> text -> text.substring(0, i % (text.length() + 1))
                        + unit.repeat(n) + text.substring(i % (text.length() + 1)));
        Arbitrary<Function<String, String>> truncate = at.map(i -> text -> text.substring(0, i % (text.length() + 1)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, replace), net.jqwik.api.Tuple.of(2, anyChar),
                net.jqwik.api.Tuple.of(2, cut), net.jqwik.api.Tuple.of(2, repeat), net.jqwik.api.Tuple.of(1, nest),
                net.jqwik.api.Tuple.of(1, longValue), net.jqwik.api.Tuple.of(1, truncate));
    }
}
