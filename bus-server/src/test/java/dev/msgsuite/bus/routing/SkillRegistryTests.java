package dev.msgsuite.bus.routing;

import static org.assertj.core.api.Assertions.assertThat;

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
}
