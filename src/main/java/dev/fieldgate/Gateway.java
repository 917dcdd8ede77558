package dev.fieldgate;

import dev.fieldgate.config.DemoConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.demo.DemoRoot;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.util.Housekeeping;
import dev.fieldgate.util.Lifecycle;
import dev.fieldgate.util.OwnerOnly;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The gateway's capabilities start and stop through their own composition roots ({@code OutboxRoot},
 * {@code UplinkRoot}, {@code ProvisioningRoot}, {@code FieldRoot}, {@code TelemetryRoot}, {@code ShadowRoot},
 * {@code CommandRoot}, {@code TunnelRoot}, {@code DemoRoot}), in the order {@link dev.fieldgate.util.Lifecycle}
 * writes down. What remains here is what no capability can say of itself: the data directory they share is
 * owner-only, and a native build without the demo says so when the demo is asked for.
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);

    /** Files libraries create later get the process umask; this pass takes group and other rights away again. */
    private static final Duration RECHECK = Duration.ofMinutes(5);

    private final GatewayConfig gateway;
    private final DemoConfig demo;
    private final Instance<DemoRoot> demoRoot;
    private final Housekeeping housekeeping;
    private final AdapterService field;

    Gateway(final GatewayConfig gateway, final DemoConfig demo, final Instance<DemoRoot> demoRoot,
            final Housekeeping housekeeping, final AdapterService field) {
        this.gateway = gateway;
        this.demo = demo;
        this.demoRoot = demoRoot;
        this.housekeeping = housekeeping;
        this.field = field;
    }

    /** The data directory is the gateway's alone: owner-only before any capability writes into it. */
    void secureDataDirectory(@Observes @Priority(Lifecycle.START_DATA_DIR) final StartupEvent event) {
        report(OwnerOnly.tighten(gateway.dataDir()), true);
    }

    /**
     * Everything is up. What the start itself created (H2 files, PKI) is tightened too, and again every few
     * minutes; the "started" line comes last, after every capability subscribed, as operators and tests expect.
     */
    void started(@Observes @Priority(Lifecycle.START_DONE) final StartupEvent event) {
        report(OwnerOnly.tighten(gateway.dataDir()), false);
        housekeeping.every(RECHECK, "data directory permissions",
                () -> report(OwnerOnly.tighten(gateway.dataDir()), false));
        if (demo.enabled() && !demoRoot.isResolvable()) {
            LOG.error("fieldgate.demo.enabled is set, but this build (the native image) does not include the demo; "
                    + "run the demo from the JVM build: ./mvnw quarkus:dev");
        }
        LOG.infof("Fieldgate %s started: %d adapter(s) polling from %s, %d file(s) rejected", gateway.gatewayId(),
                field.running(), field.adaptersDir().toAbsolutePath(), field.problems().size());
    }

    private void report(final OwnerOnly.Result result, final boolean found) {
        if (found && !result.tightened().isEmpty()) {
            LOG.warnf("%d path(s) under %s were readable by other users and are owner-only now, e.g. %s",
                    result.tightened().size(), gateway.dataDir().toAbsolutePath(), result.tightened().get(0));
        } else if (!result.tightened().isEmpty()) {
            LOG.debugf("%d new path(s) under %s made owner-only", result.tightened().size(), gateway.dataDir());
        }
        if (found) {
            // said once at start: a volume's mount point owned by root stays so, and the rechecks stay quiet
            result.refused().forEach(r -> LOG.warnf("Cannot make owner-only (give the gateway's user ownership): %s",
                    r));
        }
    }
}
