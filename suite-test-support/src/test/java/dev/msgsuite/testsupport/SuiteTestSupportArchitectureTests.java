package dev.msgsuite.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The suite's rules for the test support library, and that it depends on no suite module (every
 * module's tests use it, the libraries' included, so it must sit below all of them).
 */
class SuiteTestSupportArchitectureTests {

    static final List<ArchRule> RULES = List.of(
            SuiteArchitecture.noPackageCycles("dev.msgsuite.testsupport"),
            SuiteArchitecture.controllersDoNotTouchStorage(),
            noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.msgsuite.support..", "dev.msgsuite.contracts..",
                    "dev.msgsuite.skillbus..", "dev.msgsuite.bus..", "dev.msgsuite.talker..", "dev.msgsuite.compute..",
                    "dev.msgsuite.saver..", "dev.msgsuite.mailbin..", "dev.msgsuite.tuplespace..")
                    .because("every module's tests use suite-test-support, so it can depend on none of them"));

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf("dev.msgsuite.testsupport");

    @ParameterizedTest
    @FieldSource("RULES")
    void holds(ArchRule rule) {
        rule.check(CLASSES);
    }
}
