package dev.fieldgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of the house style, enforced. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fieldgate");

    @Test
    void should_keep_config_and_util_as_leaves() {
        noClasses().that().resideInAnyPackage("dev.fieldgate.config..", "dev.fieldgate.util..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fieldgate.buffer..", "dev.fieldgate.field..",
                        "dev.fieldgate.uplink..", "dev.fieldgate.telemetry..", "dev.fieldgate.demo..",
                        "dev.fieldgate.health..")
                .check(MAIN);
    }

    @Test
    void should_keep_the_uplink_ignorant_of_field_devices() {
        noClasses().that().resideInAPackage("dev.fieldgate.uplink..")
                .should().dependOnClassesThat().resideInAPackage("dev.fieldgate.field..")
                .check(MAIN);
    }

    @Test
    void should_keep_the_buffer_ignorant_of_field_and_uplink() {
        noClasses().that().resideInAPackage("dev.fieldgate.buffer..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fieldgate.field..", "dev.fieldgate.uplink..",
                        "dev.fieldgate.telemetry..")
                .check(MAIN);
    }

    @Test
    void should_keep_the_field_model_free_of_protocol_implementations() {
        noClasses().that().resideInAPackage("dev.fieldgate.field")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fieldgate.field.modbus..", "com.ghgande..")
                .check(MAIN);
    }

    @Test
    void should_let_only_the_demo_and_composition_root_know_the_demo() {
        noClasses().that().resideOutsideOfPackages("dev.fieldgate.demo..", "dev.fieldgate")
                .should().dependOnClassesThat().resideInAPackage("dev.fieldgate.demo..")
                .check(MAIN);
    }
}
