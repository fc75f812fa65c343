package dev.msgsuite.systemtests.compute;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

/** The suite's structure rules, on these system tests (a module of tests only). */
class ComputePipelineArchitectureTests {

    private static final String ROOT = "dev.msgsuite.systemtests";

    private final JavaClasses classes = SuiteArchitecture.testClassesOf(ROOT);

    @Test
    void keepsEveryRuleOfTheSuite() {
        SuiteArchitecture.rules(ROOT).forEach(rule -> rule.check(this.classes));
    }
}
