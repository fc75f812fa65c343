package dev.msgsuite.bus.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkillRegistryTests {

    private final SkillRegistry<String> registry = new SkillRegistry<>();

    @Test
    void routesToEverySubscriberWhosePatternMatches() {
        this.registry.register("a", SkillPattern.parse("sensors.temp"));
        this.registry.register("b", SkillPattern.parse("sensors.*"));
        this.registry.register("c", SkillPattern.parse("actuators.#"));

        assertThat(this.registry.route("sensors.temp")).containsExactly("a", "b");
        assertThat(this.registry.route("actuators.valve.1")).containsExactly("c");
        assertThat(this.registry.route("nobody")).isEmpty();
    }

    @Test
    void registeringTwiceIsOneRegistration() {
        assertThat(this.registry.register("a", SkillPattern.parse("skill1"))).isTrue();
        assertThat(this.registry.register("a", SkillPattern.parse("skill1"))).isFalse();

        assertThat(this.registry.route("skill1")).containsExactly("a");
    }

    @Test
    void overlappingPatternsDeliverOncePerSubscriber() {
        this.registry.register("a", SkillPattern.parse("sensors.*"));
        this.registry.register("a", SkillPattern.parse("sensors.#"));

        assertThat(this.registry.route("sensors.temp")).containsExactly("a");
    }

    @Test
    void deregisteringStopsRoutingAndRefreshesTheCache() {
        SkillPattern pattern = SkillPattern.parse("skill1");
        this.registry.register("a", pattern);
        assertThat(this.registry.route("skill1")).containsExactly("a");

        assertThat(this.registry.deregister("a", pattern)).isTrue();
        assertThat(this.registry.deregister("a", pattern)).isFalse();

        assertThat(this.registry.route("skill1")).isEmpty();
        assertThat(this.registry.patterns()).isEmpty();
    }

    @Test
    void tellsListenersAboutFirstAndLastSubscriberOfAPattern() {
        List<String> events = new ArrayList<>();
        this.registry.addListener(new SkillRegistry.PatternListener() {
            @Override
            public void firstRegistered(String pattern) {
                events.add("+" + pattern);
            }

            @Override
            public void lastDeregistered(String pattern) {
                events.add("-" + pattern);
            }
        });
        SkillPattern pattern = SkillPattern.parse("sensors.#");

        this.registry.register("a", pattern);
        this.registry.register("b", pattern);
        this.registry.deregister("a", pattern);
        this.registry.deregister("b", pattern);

        assertThat(events).containsExactly("+sensors.#", "-sensors.#");
    }

    @Test
    void refusesANewPatternBeyondTheLimitButNotAnotherSubscriberOfAHeldOne() {
        SkillRegistry<String> bounded = new SkillRegistry<>(2);
        bounded.register("a", SkillPattern.parse("one"));
        bounded.register("a", SkillPattern.parse("two.*"));

        assertThatThrownBy(() -> bounded.register("b", SkillPattern.parse("three"))).isInstanceOf(TooManyPatternsException.class)
                .hasMessageContaining("2 distinct patterns");
        assertThat(bounded.register("b", SkillPattern.parse("two.*"))).isTrue();
        assertThat(bounded.route("two.x")).containsExactly("a", "b");
        assertThat(bounded.route("three")).isEmpty();

        bounded.deregister("a", SkillPattern.parse("one"));
        assertThat(bounded.register("b", SkillPattern.parse("three"))).isTrue();
        assertThat(bounded.patternCount()).isEqualTo(2);
    }

    @Test
    void aRegistrationChangesOnlyTheCachedRoutesItsPatternMatches() {
        this.registry.register("a", SkillPattern.parse("sensors.#"));
        List<String> sensors = this.registry.route("sensors.temp");
        List<String> actuators = this.registry.route("actuators.valve");

        this.registry.register("b", SkillPattern.parse("sensors.*"));

        assertThat(this.registry.route("actuators.valve")).isSameAs(actuators);
        assertThat(this.registry.route("sensors.temp")).isNotSameAs(sensors).containsExactly("a", "b");
        this.registry.register("c", SkillPattern.parse("actuators.valve"));
        assertThat(this.registry.route("actuators.valve")).containsExactly("c");
        this.registry.deregister("a", SkillPattern.parse("sensors.#"));
        assertThat(this.registry.route("sensors.temp")).containsExactly("b");
    }

    @Test
    void routesInTheOrderPatternsWereFirstRegisteredWhateverTheirShape() {
        this.registry.register("x", SkillPattern.parse("#"));
        this.registry.register("y", SkillPattern.parse("a.b"));
        this.registry.register("z", SkillPattern.parse("a.*"));
        this.registry.register("x", SkillPattern.parse("a.#"));

        assertThat(this.registry.route("a.b")).containsExactly("x", "y", "z");
        assertThat(this.registry.route("a")).containsExactly("x");
    }

    @Test
    void patternsFullOfHashesRouteQuickly() {
        for (int i = 0; i < 200; i++) {
            this.registry.register("s" + i, SkillPattern.parse("#.a.".repeat(7) + "#.b" + i));
        }

        assertThat(this.registry.route("a.".repeat(100) + "c")).isEmpty();
        assertThat(this.registry.route("a.".repeat(10) + "b7")).containsExactly("s7");
    }
}
