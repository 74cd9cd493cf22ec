package org.gsaexplorer.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering the design card asks for, checked on the compiled main classes of every module: the engine knows
 * nothing of JavaFX or of the bench, view models hold no JavaFX, and no package depends on itself through others.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // every module's main classes, from target/classes in a reactor build or from the jars otherwise
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.gsaexplorer");
    }

    @Test
    void theEngineImportsNoJavaFx() {
        noClasses().that().resideInAPackage("org.gsaexplorer.model..").should().dependOnClassesThat()
                .resideInAnyPackage("javafx..", "org.controlsfx..", "org.jfree..").check(classes);
    }

    @Test
    void viewModelsImportNoJavaFx() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel").should().dependOnClassesThat()
                .resideInAnyPackage("javafx..", "org.controlsfx..").check(classes);
    }

    @Test
    void theEngineDoesNotKnowTheBench() {
        noClasses().that().resideInAPackage("org.gsaexplorer.model..").should().dependOnClassesThat()
                .resideInAPackage("org.gsaexplorer.bench..").check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.gsaexplorer.(**)").should().beFreeOfCycles().check(classes);
    }
}
