package dev.msgsuite.skillbus.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

class SkillbusClientArchitectureTests {

    private static final String ROOT = "dev.msgsuite.skillbus.client";

    private final JavaClasses classes = SuiteArchitecture.classesOf(ROOT);

    @Test
    void followsTheSuiteRules() {
        SuiteArchitecture.rules(ROOT).forEach(rule -> rule.check(this.classes));
    }

    @Test
    void theClientNeedsNoFrameworkBesidesJacksonAndSlf4j() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "dev.msgsuite.support..")
                .because("any JVM program may embed the client; services wire it up themselves")
                .check(this.classes);
    }
}
