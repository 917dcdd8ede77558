package dev.fieldgate.shadow;

import dev.fieldgate.config.CommandConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.ShadowConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.ReadingSinks;
import dev.fieldgate.uplink.UplinkSession;
import dev.fieldgate.util.Housekeeping;
import dev.fieldgate.util.Lifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Composition root of the local shadow cache: the store and service, the reporter that turns readings into
 * reported state (a reading sink), the writer that turns desired state into register writes, and the sync with
 * the cloud. Also names the things of the downstream devices, which commands and tunnels use too.
 */
@ApplicationScoped
public class ShadowRoot implements LocalShadows {

    private final GatewayConfig gateway;
    private final ShadowConfig config;
    private final CommandConfig commandConfig;
    private final AdapterService field;
    private final ReadingSinks sinks;
    private final UplinkSession uplink;
    private final Housekeeping housekeeping;
    private final MeterRegistry registry;
    private volatile ThingNames things;
    private volatile ShadowStore store;
    private volatile ShadowService shadows;
    private volatile ShadowSync sync;

    ShadowRoot(final GatewayConfig gateway, final ShadowConfig config, final CommandConfig commandConfig,
               final AdapterService field, final ReadingSinks sinks, final UplinkSession uplink,
               final Housekeeping housekeeping, final MeterRegistry registry) {
        this.gateway = gateway;
        this.config = config;
        this.commandConfig = commandConfig;
        this.field = field;
        this.sinks = sinks;
        this.uplink = uplink;
        this.housekeeping = housekeeping;
        this.registry = registry;
    }

    void start(@Observes @Priority(Lifecycle.START_SHADOWS) final StartupEvent event) {
        final DeviceDirectory devices = field.devices();
        things = new ThingNames(config.thingName(), gateway.gatewayId(), devices::exists);
        if (!config.enabled()) {
            return;
        }
        store = new ShadowStore(gateway.dataDir().resolve("shadows"));
        shadows = new ShadowService(store, new ShadowLimits((int) config.maxStateSize().asLongValue(),
                config.maxDepth(), 64 * 1024), devices::exists);
        final ShadowReporter reporter = new ShadowReporter(shadows, devices, config.pointsShadow());
        sinks.addSink(reporter);
        housekeeping.every(config.reportInterval(), "shadow report", reporter::flush);
    }

    void startHandlers(@Observes @Priority(Lifecycle.START_HANDLERS) final StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        new DesiredWriter(shadows, field.devices(), config.pointsShadow(), commandConfig.queueExpiry()).start();
        if (config.cloudSync()) {
            sync = new ShadowSync(shadows, uplink.control(), things, this::pointsShadows, config.maxInFlight(),
                    config.requestTimeout(), registry);
            sync.start();
        }
    }

    void stopHandlers(@Observes @Priority(Lifecycle.STOP_HANDLERS) final ShutdownEvent event) {
        if (sync != null) {
            Lifecycle.stopStep("shadow sync", sync::close);
        }
    }

    void stopStore(@Observes @Priority(Lifecycle.STOP_STORES) final ShutdownEvent event) {
        if (store != null) {
            Lifecycle.stopStep("the shadow store", store::close);
        }
    }

    @Override
    public ThingNames things() {
        return things;
    }

    @Override
    public Optional<ShadowService> service() {
        return Optional.ofNullable(shadows);
    }

    private Set<ShadowKey> pointsShadows() {
        final Set<ShadowKey> keys = new LinkedHashSet<>();
        field.devices().deviceIds().forEach(d -> keys.add(new ShadowKey(d, config.pointsShadow())));
        return keys;
    }
}
