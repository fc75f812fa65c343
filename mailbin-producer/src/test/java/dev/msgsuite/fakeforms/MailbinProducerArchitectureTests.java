package dev.msgsuite.fakeforms;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

/** The suite's structure rules, on the producer's classes. */
class MailbinProducerArchitectureTests {

    private static final String ROOT = "dev.msgsuite.fakeforms";

    private final JavaClasses classes = SuiteArchitecture.classesOf(ROOT);

    @Test
    void keepsEveryRuleOfTheSuite() {
        SuiteArchitecture.rules(ROOT).forEach(rule -> rule.check(this.classes));
    }
}
