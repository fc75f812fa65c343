package dev.msgsuite.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

/** The suite's structure rules, on the load generators' classes. */
class BenchArchitectureTests {

    private static final String ROOT = "dev.msgsuite.bench";

    private final JavaClasses classes = SuiteArchitecture.classesOf(ROOT);

    @Test
    void keepsEveryRuleOfTheSuite() {
        SuiteArchitecture.rules(ROOT).forEach(rule -> rule.check(this.classes));
    }
}
