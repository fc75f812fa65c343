package dev.msgsuite.saver;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

class SaverServiceArchitectureTests {

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf("dev.msgsuite.saver");

    @Test
    void followsTheSuiteRules() {
        SuiteArchitecture.rules("dev.msgsuite.saver").forEach(rule -> rule.check(CLASSES));
    }
}
