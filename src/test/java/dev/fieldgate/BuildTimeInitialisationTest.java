package dev.fieldgate;

import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Quarkus initialises the application's classes while the native image is built and freezes their static fields
 * into the executable. What must never be frozen there: a random source (every executable would share its seed),
 * key material, a buffer, a thread or an executor, and objects of the libraries the build initialises at run time
 * (the HiveMQ client and its Netty buffers). The image builder refuses most of these after minutes of analysis;
 * this rule refuses them in {@code ./mvnw verify}.
 */
class BuildTimeInitialisationTest {

    /** Types whose instances must not sit in a static field of a build-time class. */
    private static final List<String> FORBIDDEN_TYPES = List.of("java.util.Random", "java.util.SplittableRandom",
            "java.nio.Buffer", "java.security.Key", "java.security.KeyStore", "javax.net.ssl.SSLContext",
            "javax.net.ssl.KeyManagerFactory", "java.lang.Thread", "java.util.concurrent.ExecutorService",
            "java.util.Timer", "io.netty.buffer.ByteBuf", "io.netty.channel.EventLoopGroup");

    /**
     * Libraries initialised at run time (application.properties, quarkus.native.additional-build-args), and Netty's
     * buffers, which must never be allocated while the image is built.
     */
    private static final List<String> RUN_TIME_PACKAGES = List.of("com.hivemq.client.", "com.fazecast.jSerialComm.",
            "io.netty.buffer.");

    private static final ArchRule RULE = classes().that().resideInAPackage("dev.fieldgate..")
            .and().resideOutsideOfPackage("dev.fieldgate.demo..")
            .should(new ArchCondition<JavaClass>("keep nothing in static state that a native image must not freeze") {
                @Override
                public void check(final JavaClass type, final ConditionEvents events) {
                    for (final JavaField field : type.getFields()) {
                        if (field.getModifiers().contains(JavaModifier.STATIC) && frozenIsForbidden(field.getType())) {
                            events.add(SimpleConditionEvent.violated(field, field.getFullName()
                                    + " is static and holds " + field.getType().getName()));
                        }
                    }
                    type.getStaticInitializer().ifPresent(init -> {
                        for (final JavaAccess<?> access : init.getAccessesFromSelf()) {
                            if (reachesRunTimeLibrary(access.getTarget())) {
                                events.add(SimpleConditionEvent.violated(access, type.getName()
                                        + " touches a run-time-initialised library while initialising: "
                                        + access.getDescription()));
                            }
                        }
                    });
                }
            });

    @Test
    void should_freeze_no_random_keys_buffers_threads_or_run_time_library_objects() {
        RULE.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fieldgate"));
    }

    @Test
    void should_catch_each_kind_of_offender() {
        final JavaClasses offenders = new ClassFileImporter().importClasses(StaticRandom.class, StaticReasonCodes.class,
                StaticThread.class, Harmless.class);
        assertThatThrownBy(() -> RULE.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("StaticRandom.RANDOM is static and holds java.security.SecureRandom")
                .hasMessageContaining("StaticReasonCodes touches a run-time-initialised library")
                .hasMessageContaining("StaticThread.WORKER is static and holds java.lang.Thread")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Harmless"));
    }

    private static boolean frozenIsForbidden(final JavaType type) {
        final JavaClass raw = type.toErasure();
        if (raw.getName().startsWith("com.hivemq.client.") || FORBIDDEN_TYPES.stream().anyMatch(raw::isAssignableTo)) {
            return true;
        }
        // a Set<Mqtt5PubAckReasonCode> holds the library's objects as surely as a field of that type
        return type instanceof JavaParameterizedType p && p.getActualTypeArguments().stream()
                .anyMatch(BuildTimeInitialisationTest::frozenIsForbidden);
    }

    private static boolean reachesRunTimeLibrary(final AccessTarget target) {
        final String owner = target.getOwner().getName();
        return RUN_TIME_PACKAGES.stream().anyMatch(owner::startsWith);
    }

    // the fixtures below break the rule on purpose, one way each

    static final class StaticRandom {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    static final class StaticReasonCodes {
        static final Set<Mqtt5DisconnectReasonCode> QUOTA = EnumSet.of(Mqtt5DisconnectReasonCode.QUOTA_EXCEEDED);
    }

    static final class StaticThread {
        static final Thread WORKER = new Thread(() -> { });
    }

    static final class Harmless {
        static final int LIMIT = 3;
        static final String NAME = "fieldgate";
    }
}
