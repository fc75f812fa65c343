package dev.msgsuite.mailbin;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

class MailbinServiceArchitectureTests {

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf("dev.msgsuite.mailbin");

    @Test
    void followsTheSuiteRules() {
        SuiteArchitecture.rules("dev.msgsuite.mailbin").forEach(rule -> rule.check(CLASSES));
    }
}
