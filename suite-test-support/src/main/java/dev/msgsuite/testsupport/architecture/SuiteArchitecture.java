package dev.msgsuite.testsupport.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The structure rules every module of the suite keeps, checked by one test per module:
 * <pre>
 * JavaClasses classes = SuiteArchitecture.classesOf("dev.msgsuite.saver");
 * SuiteArchitecture.rules("dev.msgsuite.saver").forEach(rule -&gt; rule.check(classes));
 * </pre>
 * <ul>
 * <li>no package cycles: the packages below the root (and the root itself) form a directed graph;</li>
 * <li>web controllers never touch storage: no {@code @Controller}/{@code @RestController} uses
 * JDBC, a {@code JdbcTemplate}/{@code JdbcClient}, a {@code DataSource} or a Spring Data repository
 * directly; they go through the feature's public service types.</li>
 * </ul>
 * Package-private types already cannot be reached from another package; the rules above are what
 * the compiler does not check.
 */
public final class SuiteArchitecture {

    private SuiteArchitecture() {
    }

    /** The module's production classes (tests and jars excluded). */
    public static JavaClasses classesOf(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
    }

    /** The module's test classes (jars excluded): for a module of tests only, such as system-tests'. */
    public static JavaClasses testClassesOf(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
    }

    /** No cycle between any two packages of the module, the root package included. */
    public static ArchRule noPackageCycles(String rootPackage) {
        return SlicesRuleDefinition.slices()
                .assignedFrom(packagesUnder(rootPackage))
                .should().beFreeOfCycles()
                .allowEmptyShould(true)
                .because("a package cycle means two features cannot be changed or understood one at a time");
    }

    /** One slice per package, so that a cycle through the root package counts too. */
    private static SliceAssignment packagesUnder(String rootPackage) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(rootPackage) || name.startsWith(rootPackage + ".")
                        ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages under " + rootPackage;
            }
        };
    }

    /** Controllers reach storage only through a feature's service types. */
    public static ArchRule controllersDoNotTouchStorage() {
        return noClasses()
                .that().areAnnotatedWith("org.springframework.stereotype.Controller")
                .or().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.sql..", "javax.sql..", "org.springframework.jdbc..",
                        "org.springframework.data.repository..", "org.springframework.data.jdbc..",
                        "org.springframework.data.jpa..", "jakarta.persistence..")
                .allowEmptyShould(true)
                .because("a web controller that writes SQL bypasses the feature that owns the table");
    }

    /** Every rule of this class, for a module rooted at {@code rootPackage}. */
    public static List<ArchRule> rules(String rootPackage) {
        return List.of(noPackageCycles(rootPackage), controllersDoNotTouchStorage());
    }
}
