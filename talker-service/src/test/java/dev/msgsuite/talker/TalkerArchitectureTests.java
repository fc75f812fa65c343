package dev.msgsuite.talker;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The root package only assembles the server (application, configuration, {@link TalkerServer});
 * the transports ({@code client}, {@code peers}) hand lines to the socket-free {@code core}, which
 * with {@code chat}, {@code commands}, {@code mesh} and {@code topology} knows nothing of sockets.
 */
class TalkerArchitectureTests {

    private static final String ROOT = "dev.msgsuite.talker";

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf(ROOT);

    @Test
    void followsTheSuiteRules() {
        SuiteArchitecture.rules(ROOT).forEach(rule -> rule.check(CLASSES));
    }

    @Test
    void protocolLogicIsFreeOfNetty() {
        noClasses().that().resideInAnyPackage(ROOT + ".core..", ROOT + ".chat..", ROOT + ".commands..", ROOT + ".mesh..",
                ROOT + ".topology..", ROOT + ".settings..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..")
            .because("the protocol logic is specified by tests without sockets")
            .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheAssemblingRootPackage() {
        noClasses().that().resideOutsideOfPackage(ROOT)
            .should().dependOnClassesThat().resideInAPackage(ROOT)
            .because("the root package wires the features together; a feature reaching back up makes a cycle")
            .check(CLASSES);
    }
}
