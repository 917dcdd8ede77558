package dev.fieldgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
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

    @Test
    void should_let_web_and_health_see_services_not_implementations() {
        noClasses().that().resideInAnyPackage("dev.fieldgate.web..", "dev.fieldgate.health..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fieldgate.buffer.h2..",
                        "dev.fieldgate.uplink.hivemq..", "dev.fieldgate.field.run..")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Root")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.fieldgate.Gateway")
                .check(MAIN);
    }

    @Test
    void should_keep_each_technology_inside_its_capability() {
        // house style rules 1 and 3: capabilities meet through the interfaces at their package roots
        noClasses().that().resideOutsideOfPackage("dev.fieldgate.buffer..")
                .should().dependOnClassesThat().resideInAPackage("dev.fieldgate.buffer.h2..").check(MAIN);
        noClasses().that().resideOutsideOfPackage("dev.fieldgate.uplink..")
                .should().dependOnClassesThat().resideInAPackage("dev.fieldgate.uplink.hivemq..").check(MAIN);
        noClasses().that().resideOutsideOfPackage("dev.fieldgate.field..")
                .should().dependOnClassesThat().resideInAPackage("dev.fieldgate.field.run..").check(MAIN);
    }

    @Test
    void should_let_capabilities_meet_through_interfaces_not_each_others_roots() {
        noClasses().that().haveSimpleNameEndingWith("Root")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Root")
                .check(MAIN);
    }

    @Test
    void should_let_nothing_outside_the_web_import_it() {
        noClasses().that().resideOutsideOfPackage("dev.fieldgate.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.fieldgate.web..")
                .check(MAIN);
    }

    @Test
    void should_order_every_root_start_and_stop_through_lifecycle() {
        // the start order lives in Lifecycle: a root observing start or stop without a priority would run at the
        // container's default time, outside that order
        methods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Root")
                .should(new ArchCondition<JavaMethod>("observe start and stop with a priority from Lifecycle") {
                    @Override
                    public void check(final JavaMethod method, final ConditionEvents events) {
                        final boolean lifecycle = method.getRawParameterTypes().size() == 1
                                && (method.getRawParameterTypes().get(0).isEquivalentTo(StartupEvent.class)
                                || method.getRawParameterTypes().get(0).isEquivalentTo(ShutdownEvent.class));
                        if (lifecycle && !method.getParameters().get(0).isAnnotatedWith(Priority.class)) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " observes without @Priority"));
                        }
                    }
                })
                .check(MAIN);
    }
}
