package dev.msgsuite.tuplespace;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.msgsuite.testsupport.architecture.SuiteArchitecture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The suite's architecture rules (no package cycles, controllers never touch storage) for this module. */
class TupleSpaceArchitectureTests {

    static final List<ArchRule> RULES = SuiteArchitecture.rules("dev.msgsuite.tuplespace");

    private static final JavaClasses CLASSES = SuiteArchitecture.classesOf("dev.msgsuite.tuplespace");

    @ParameterizedTest
    @FieldSource("RULES")
    void holds(ArchRule rule) {
        rule.check(CLASSES);
    }
}
