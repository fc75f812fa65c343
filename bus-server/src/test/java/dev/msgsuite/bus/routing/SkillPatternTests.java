package dev.msgsuite.bus.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SkillPatternTests {

    @Test
    void plainSkillMatchesOnlyItself() {
        SkillPattern pattern = SkillPattern.parse("skill1");

        assertThat(pattern.matches("skill1")).isTrue();
        assertThat(pattern.matches("skill10")).isFalse();
        assertThat(pattern.isWildcard()).isFalse();
    }

    @Test
    void starMatchesExactlyOneSegment() {
        SkillPattern pattern = SkillPattern.parse("sensors.*");

        assertThat(pattern.matches("sensors.temp")).isTrue();
        assertThat(pattern.matches("sensors")).isFalse();
        assertThat(pattern.matches("sensors.temp.kitchen")).isFalse();
        assertThat(SkillPattern.parse("*.temp").matches("sensors.temp")).isTrue();
    }

    @Test
    void hashMatchesZeroOrMoreSegments() {
        SkillPattern pattern = SkillPattern.parse("sensors.#");

        assertThat(pattern.matches("sensors")).isTrue();
        assertThat(pattern.matches("sensors.temp")).isTrue();
        assertThat(pattern.matches("sensors.temp.kitchen")).isTrue();
        assertThat(pattern.matches("actuators.temp")).isFalse();
        assertThat(SkillPattern.parse("#").matches("anything.at.all")).isTrue();
        assertThat(SkillPattern.parse("a.#.z").matches("a.b.c.z")).isTrue();
        assertThat(SkillPattern.parse("a.#.z").matches("a.z")).isTrue();
        assertThat(SkillPattern.parse("a.#.z").matches("a.b.c")).isFalse();
    }

    @Test
    void manyHashesStayFast() {
        SkillPattern pattern = SkillPattern.parse("#.a.".repeat(40) + "b");

        assertThat(pattern.matches("a.".repeat(100) + "c")).isFalse();
    }

    @Test
    void broaderPatternCoversNarrowerOnes() {
        assertThat(SkillPattern.parse("sensors.#").covers(SkillPattern.parse("sensors.*.temp"))).isTrue();
        assertThat(SkillPattern.parse("sensors.*").covers(SkillPattern.parse("sensors.temp"))).isTrue();
        assertThat(SkillPattern.parse("sensors.*").covers(SkillPattern.parse("sensors.*"))).isTrue();
        assertThat(SkillPattern.parse("#").covers(SkillPattern.parse("#"))).isTrue();
        assertThat(SkillPattern.parse("sensors.*").covers(SkillPattern.parse("sensors.#"))).isFalse();
        assertThat(SkillPattern.parse("sensors.temp").covers(SkillPattern.parse("sensors.*"))).isFalse();
        assertThat(SkillPattern.parse("sensors.#").covers(SkillPattern.parse("#"))).isFalse();
    }

    @Test
    void rejectsMalformedPatternsWithAReason() {
        assertThat(SkillPattern.problemWithPattern("")).hasValueSatisfying(p -> assertThat(p).contains("empty"));
        assertThat(SkillPattern.problemWithPattern("a..b")).hasValueSatisfying(p -> assertThat(p).contains("empty segments"));
        assertThat(SkillPattern.problemWithPattern("a b")).hasValueSatisfying(p -> assertThat(p).contains("whitespace"));
        assertThat(SkillPattern.problemWithPattern("a.b*")).hasValueSatisfying(p -> assertThat(p).contains("whole segments"));
        assertThat(SkillPattern.problemWithPattern("x".repeat(256))).hasValueSatisfying(p -> assertThat(p).contains("255"));
        assertThatThrownBy(() -> SkillPattern.parse("a..b")).isInstanceOf(InvalidSkillException.class);
    }

    @Test
    void publishedSkillsMayNotContainWildcards() {
        assertThat(SkillPattern.problemWithSkill("sensors.*")).isPresent();
        assertThat(SkillPattern.problemWithSkill("sensors.temp")).isEmpty();
    }
}
