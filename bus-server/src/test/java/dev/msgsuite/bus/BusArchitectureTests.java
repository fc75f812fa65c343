package dev.msgsuite.bus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

class BusArchitectureTests {

    private static final String ROOT = "dev.msgsuite.bus";

    private final JavaClasses classes = SuiteArchitecture.classesOf(ROOT);

    @Test
    void followsTheSuiteRules() {
        SuiteArchitecture.rules(ROOT).forEach(rule -> rule.check(this.classes));
    }

    @Test
    void theBusSharesOnlyTheWireContractWithItsClients() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.msgsuite.skillbus.client..")
                .because("the bus and the client meet in skillbus-protocol; the client is for tests to drive the bus with")
                .check(this.classes);
    }
}
