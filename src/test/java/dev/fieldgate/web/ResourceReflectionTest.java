package dev.fieldgate.web;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every web resource is open to reflection in the native executable, where the access filter needs it. */
class ResourceReflectionTest {

    @Test
    void should_register_every_resource_class_for_reflection() {
        final List<String> resources = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fieldgate.web").stream().filter(c -> c.isAnnotatedWith(Path.class))
                .map(JavaClass::getName).toList();
        final List<String> registered = Arrays.stream(ResourceReflection.class.getAnnotation(RegisterForReflection.class)
                .targets()).map(Class::getName).toList();

        assertThat(resources).isNotEmpty();
        assertThat(registered).containsExactlyInAnyOrderElementsOf(resources);
    }
}
