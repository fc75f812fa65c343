package dev.msgsuite.tuplespace.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The suite's rules for the client library, and that it stays a plain library a program can
 * embed: no Spring, no suite module, nothing of the service it talks to.
 */
class TupleSpaceClientArchitectureTests {

    static final List<ArchRule> RULES = List.of(
            SuiteArchitecture.noPackageCycles("dev.msgsuite.tuplespace.client"),
            SuiteArchitecture.controllersDoNotTouchStorage(),
            noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "dev.msgsuite.support..",
                    "dev.msgsuite.contracts..")
                    .because("a program embeds the client without the suite's framework"),
            noClasses().should().dependOnClassesThat().resideInAPackage("dev.msgsuite.tuplespace")
                    .because("the client speaks the documented protocol, not the service's classes"));

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf("dev.msgsuite.tuplespace.client");

    @ParameterizedTest
    @FieldSource("RULES")
    void holds(ArchRule rule) {
        rule.check(CLASSES);
    }
}
