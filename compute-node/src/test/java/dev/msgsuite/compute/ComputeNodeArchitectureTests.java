package dev.msgsuite.compute;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

class ComputeNodeArchitectureTests {

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf("dev.msgsuite.compute");

    @Test
    void followsTheSuiteRules() {
        SuiteArchitecture.rules("dev.msgsuite.compute").forEach(rule -> rule.check(CLASSES));
    }
}
