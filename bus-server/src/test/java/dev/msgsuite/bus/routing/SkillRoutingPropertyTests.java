package dev.msgsuite.bus.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The trie routes exactly as matching every pattern one by one would, in the order patterns
 * were first registered, through any sequence of registrations and deregistrations; and any
 * string is either a pattern that parses or a refusal with a reason.
 */
class SkillRoutingPropertyTests {

    @Property(tries = 500)
    void routesExactlyLikeMatchingEachPattern(@ForAll @Size(max = 40) List<@From("operations") Operation> operations,
            @ForAll @Size(min = 1, max = 20) List<@From("skills") String> skills) {
        SkillRegistry<String> registry = new SkillRegistry<>();
        Map<SkillPattern, Set<String>> model = new LinkedHashMap<>();
        for (Operation operation : operations) {
            SkillPattern pattern = SkillPattern.parse(operation.pattern());
            if (operation.register()) {
                boolean added = model.computeIfAbsent(pattern, key -> new LinkedHashSet<>()).add(operation.subscriber());
                assertThat(registry.register(operation.subscriber(), pattern)).isEqualTo(added);
            }
            else {
                Set<String> holders = model.get(pattern);
                boolean removed = holders != null && holders.remove(operation.subscriber());
                if (holders != null && holders.isEmpty()) {
                    model.remove(pattern);
                }
                assertThat(registry.deregister(operation.subscriber(), pattern)).isEqualTo(removed);
            }
            // routes are asked between changes too, so cached routes must follow every change
            String probe = skills.get(operations.indexOf(operation) % skills.size());
            assertThat(registry.route(probe)).containsExactlyElementsOf(expected(model, probe));
        }
        for (String skill : skills) {
            assertThat(registry.route(skill)).containsExactlyElementsOf(expected(model, skill));
        }
        assertThat(registry.patternCount()).isEqualTo(model.size());
    }

    @Property(tries = 2000)
    void anyStringIsAPatternOrRefusedWithAReason(@ForAll("names") String text) {
        Optional<String> problem = SkillPattern.problemWithPattern(text);
        if (problem.isPresent()) {
            assertThat(problem.get()).isNotBlank();
            try {
                SkillPattern.parse(text);
                throw new AssertionError("parsed a refused pattern: " + text);
            }
            catch (InvalidSkillException expected) {
                assertThat(expected).hasMessage(problem.get());
            }
        }
        else {
            SkillPattern pattern = SkillPattern.parse(text);
            assertThat(pattern.covers(pattern)).isTrue();
            if (SkillPattern.problemWithSkill(text).isEmpty()) {
                assertThat(pattern.matches(text)).isTrue();
            }
        }
    }

    private static List<String> expected(Map<SkillPattern, Set<String>> model, String skill) {
        Set<String> route = new LinkedHashSet<>();
        model.forEach((pattern, subscribers) -> {
            if (pattern.matches(skill)) {
                route.addAll(subscribers);
            }
        });
        return List.copyOf(route);
    }

    record Operation(boolean register, String subscriber, String pattern) {
    }

    @Provide
    Arbitrary<Operation> operations() {
        Arbitrary<String> pattern = Arbitraries.of("a", "b", "c", "*", "#").list().ofMinSize(1).ofMaxSize(5).map(segments -> String.join(".", segments));
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 3).map(n -> n > 0), Arbitraries.of("s1", "s2", "s3", "s4"), pattern)
                .as(Operation::new);
    }

    @Provide
    Arbitrary<String> skills() {
        return Arbitraries.of("a", "b", "c").list().ofMinSize(1).ofMaxSize(7).map(segments -> String.join(".", segments));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("a", "b", "*", "#", "", "a*", "#b", " ", "\n", "é", "\u0000"),
                Arbitraries.strings().ofMaxLength(6), Arbitraries.strings().withChars('x').ofLength(300));
        return segment.list().ofMaxSize(8).map(segments -> String.join(".", segments));
    }
}
