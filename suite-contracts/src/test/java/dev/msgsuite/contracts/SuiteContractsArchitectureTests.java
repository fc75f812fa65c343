package dev.msgsuite.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

class SuiteContractsArchitectureTests {

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf("dev.msgsuite.contracts");

    @Test
    void hasNoPackageCycles() {
        SuiteArchitecture.noPackageCycles("dev.msgsuite.contracts").check(CLASSES);
    }

    @Test
    void messageRecordsAndTheirCodecNeedNoBrokerOrFramework() {
        noClasses().that().resideInAPackage("dev.msgsuite.contracts.compute..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.rabbitmq..",
                        "org.apache.kafka..", "tools.jackson..", "com.fasterxml.jackson..")
                .because("every service, tool and test reads the records; only ComputeTopology and ComputeMessages speak AMQP")
                .check(CLASSES);
    }

    @Test
    void onlyTheRabbitMqPiecesUseSpringAmqp() {
        noClasses().that().doNotHaveSimpleName("ComputeTopology").and().doNotHaveSimpleName("ComputeMessages")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.amqp..")
                .because("spring-amqp is an optional dependency of this module")
                .check(CLASSES);
    }
}
