package dev.fieldgate;

import dev.fieldgate.config.DemoConfig;
import dev.fieldgate.demo.DemoRoot;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * The gateway's capabilities start and stop through their own composition roots ({@code OutboxRoot},
 * {@code UplinkRoot}, {@code ProvisioningRoot}, {@code FieldRoot}, {@code TelemetryRoot}, {@code ShadowRoot},
 * {@code CommandRoot}, {@code TunnelRoot}, {@code DemoRoot}), in the order {@link dev.fieldgate.util.Lifecycle}
 * writes down. What remains here is what no capability can say of itself.
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);

    private final DemoConfig demo;
    private final Instance<DemoRoot> demoRoot;

    Gateway(final DemoConfig demo, final Instance<DemoRoot> demoRoot) {
        this.demo = demo;
        this.demoRoot = demoRoot;
    }

    void onStart(@Observes final StartupEvent event) {
        if (demo.enabled() && !demoRoot.isResolvable()) {
            LOG.error("fieldgate.demo.enabled is set, but this build (the native image) does not include the demo; "
                    + "run the demo from the JVM build: ./mvnw quarkus:dev");
        }
    }
}
