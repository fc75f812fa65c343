package dev.msgsuite.skillbus.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

class SkillbusProtocolArchitectureTests {

    private static final String ROOT = "dev.msgsuite.skillbus.protocol";

    private final JavaClasses classes = SuiteArchitecture.classesOf(ROOT);

    @Test
    void followsTheSuiteRules() {
        SuiteArchitecture.rules(ROOT).forEach(rule -> rule.check(this.classes));
    }

    @Test
    void theWireContractDependsOnNothingButTheJdk() {
        noClasses().should().dependOnClassesThat().resideOutsideOfPackages(ROOT + "..", "java..", "org.jspecify..")
                .because("the bus and every client use this module; it must not pull a library into either")
                .check(this.classes);
    }
}
