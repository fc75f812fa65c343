package dev.msgsuite.support;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

class SuiteSupportArchitectureTests {

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf("dev.msgsuite.support");

    @Test
    void followsTheSuiteRules() {
        SuiteArchitecture.rules("dev.msgsuite.support").forEach(rule -> rule.check(CLASSES));
    }
}
