package dev.msgsuite.skillbus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SkillNamesTests {

    @Test
    void patternsMayHoldWholeSegmentWildcards() {
        assertThat(SkillNames.problemWithPattern("sensors.*")).isEmpty();
        assertThat(SkillNames.problemWithPattern("sensors.#")).isEmpty();
        assertThat(SkillNames.problemWithPattern("sensors.te*")).hasValue("'*' and '#' must be whole segments");
    }

    @Test
    void skillsMayNot() {
        assertThat(SkillNames.problemWithSkill("sensors.kitchen")).isEmpty();
        assertThat(SkillNames.problemWithSkill("sensors.*")).hasValue("a published skill must not contain wildcards");
    }

    @Test
    void emptySpacedAndOverlongNamesAreRefused() {
        assertThat(SkillNames.problemWithSkill("")).hasValue("skill must not be empty");
        assertThat(SkillNames.problemWithSkill("a b")).hasValue("skill must not contain whitespace or control characters");
        assertThat(SkillNames.problemWithSkill(".a")).hasValue("skill must not have empty segments (leading, trailing or double dots)");
        assertThat(SkillNames.problemWithSkill("é".repeat(128))).hasValue("skill is longer than 255 bytes");
        assertThat(SkillNames.problemWithSkill("a".repeat(255))).isEmpty();
    }

    @Test
    void requireSkillSaysWhichNameAndWhy() {
        assertThatIllegalArgumentException().isThrownBy(() -> SkillNames.requireSkill("a..b"))
                .withMessage("invalid skill 'a..b': skill must not have empty segments (leading, trailing or double dots)");
        assertThat(SkillNames.requireSkill("talker.speech")).isEqualTo("talker.speech");
    }
}
