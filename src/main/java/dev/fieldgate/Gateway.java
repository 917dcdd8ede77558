package dev.fieldgate;

import dev.fieldgate.buffer.OutboxStats;
import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;
import dev.fieldgate.config.AdaptersConfig;
import dev.fieldgate.command.CommandHandler;
import dev.fieldgate.config.BufferConfig;
import dev.fieldgate.config.MemoryBudget;
import dev.fieldgate.config.MemoryConfig;
import dev.fieldgate.config.CommandConfig;
import dev.fieldgate.config.PlantMqttConfig;
import dev.fieldgate.config.ProvisioningConfig;
import dev.fieldgate.config.TunnelConfig;
import dev.fieldgate.tunnel.TunnelManager;
import io.vertx.core.Vertx;
import dev.fieldgate.provisioning.ClaimProvisioner;
import dev.fieldgate.provisioning.Identity;
import dev.fieldgate.provisioning.IdentityStore;
import dev.fieldgate.provisioning.ProvisioningClient;
import dev.fieldgate.util.Backoff;
import dev.fieldgate.config.ShadowConfig;
import dev.fieldgate.field.adapter.AdapterKind;
import dev.fieldgate.field.mqtt.PlantMirror;
import dev.fieldgate.field.mqtt.PlantMqttChannels;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.FanOutSink;
import dev.fieldgate.field.LatestValues;
import dev.fieldgate.field.ReadingSink;
import dev.fieldgate.shadow.DesiredWriter;
import dev.fieldgate.shadow.ShadowKey;
import dev.fieldgate.shadow.ShadowLimits;
import dev.fieldgate.shadow.ShadowReporter;
import dev.fieldgate.shadow.ShadowService;
import dev.fieldgate.shadow.ShadowStore;
import dev.fieldgate.shadow.ShadowSync;
import dev.fieldgate.shadow.ThingNames;
import dev.fieldgate.uplink.ControlPublisher;
import dev.fieldgate.uplink.PublishPacer;
import dev.fieldgate.config.DemoConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.demo.DemoEnvironment;
import dev.fieldgate.demo.DemoSupport;
import jakarta.enterprise.inject.Instance;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ConfigProblem;
import dev.fieldgate.field.adapter.ProfileCatalog;
import dev.fieldgate.telemetry.MicrometerPollMetrics;
import dev.fieldgate.telemetry.TelemetryRecorder;
import dev.fieldgate.telemetry.TelemetryTopics;
import dev.fieldgate.uplink.DrainPolicy;
import dev.fieldgate.uplink.OutboxDrainer;
import dev.fieldgate.uplink.PublishLimits;
import dev.fieldgate.uplink.hivemq.HivemqUplink;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: starts the capabilities in dependency order (demo environment, outbox, uplink,
 * drainer, field adapters) and stops them in reverse, so that every reading accepted before shutdown is
 * committed and the file closed cleanly.
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);

    private final GatewayConfig gateway;
    private final UplinkConfig uplinkConfig;
    private final BufferConfig bufferConfig;
    private final MemoryConfig memoryConfig;
    private final AdaptersConfig adaptersConfig;
    private final DemoConfig demoConfig;
    private final ShadowConfig shadowConfig;
    private final CommandConfig commandConfig;
    private final PlantMqttConfig plantConfig;
    private final ProvisioningConfig provisioningConfig;
    private final TunnelConfig tunnelConfig;
    private final Vertx vertx;
    private TunnelManager tunnels;
    private ClaimProvisioner provisioner;
    private final PlantMqttChannels plant;
    private final Instance<DemoSupport> demoSupport;
    private final MeterRegistry registry;

    private DemoEnvironment demo;
    private H2Outbox outbox;
    private HivemqUplink uplink;
    private OutboxDrainer drainer;
    private PublishLimits limits;
    private MicrometerPollMetrics pollMetrics;
    private RunningAdapters adapters;
    private final LatestValues latest = new LatestValues();
    private ShadowStore shadowStore;
    private ShadowService shadows;
    private ShadowSync shadowSync;
    private CommandHandler commands;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "shadow-reporter");
        t.setDaemon(true);
        return t;
    });
    private volatile List<ConfigProblem> problems = List.of();
    private AdapterLoader loader;
    private ProfileCatalog profiles;

    Gateway(final GatewayConfig gateway, final UplinkConfig uplinkConfig, final BufferConfig bufferConfig,
            final AdaptersConfig adaptersConfig, final DemoConfig demoConfig, final ShadowConfig shadowConfig,
            final CommandConfig commandConfig, final PlantMqttConfig plantConfig, final PlantMqttChannels plant,
            final ProvisioningConfig provisioningConfig, final TunnelConfig tunnelConfig, final Vertx vertx,
            final Instance<DemoSupport> demoSupport, final MeterRegistry registry, final MemoryConfig memoryConfig) {
        this.gateway = gateway;
        this.uplinkConfig = uplinkConfig;
        this.bufferConfig = bufferConfig;
        this.memoryConfig = memoryConfig;
        this.adaptersConfig = adaptersConfig;
        this.demoConfig = demoConfig;
        this.shadowConfig = shadowConfig;
        this.commandConfig = commandConfig;
        this.plantConfig = plantConfig;
        this.provisioningConfig = provisioningConfig;
        this.tunnelConfig = tunnelConfig;
        this.vertx = vertx;
        this.plant = plant;
        this.demoSupport = demoSupport;
        this.registry = registry;
    }

    void onStart(@Observes final StartupEvent event) {
        final TelemetryTopics topics = new TelemetryTopics(uplinkConfig.telemetryTopic(), gateway.gatewayId());
        if (demoConfig.enabled()) {
            if (demoSupport.isResolvable()) {
                demo = demoSupport.get().startBroker(gateway.dataDir(), gateway.gatewayId(), demoConfig.brokerPort());
            } else {
                LOG.error("fieldgate.demo.enabled is set, but this build (the native image) does not include the demo; "
                        + "run the demo from the JVM build: ./mvnw quarkus:dev");
            }
        }
        final Path bufferDir = gateway.dataDir().resolve("buffer");
        final MemoryBudget memory = MemoryBudget.from(memoryConfig);
        outbox = H2Outbox.open(OutboxSettings.builder(bufferDir).maxBytes(bufferConfig.maxSize().asLongValue())
                .overflow(bufferConfig.overflow()).syncOnCommit(bufferConfig.syncOnCommit()).maxAge(bufferConfig.maxAge())
                .minFreeDisk(bufferConfig.minFreeDisk().asLongValue())
                .refusedMaxBytes(bufferConfig.refusedMaxSize().asLongValue()).memory(memory)
                .healTimeout(bufferConfig.healTimeout()).build());
        LOG.infof("Memory budget %d MiB (fieldgate.memory.budget): intake %d KiB, commit %d KiB, outbox cache %d KiB, "
                + "read-ahead %d+%d KiB, in flight %d KiB", memory.total() >> 20, memory.intake() >> 10,
                memory.commit() >> 10, memory.outboxCache() >> 10, memory.backlogReadAhead() >> 10,
                memory.liveReadAhead() >> 10, memory.inFlight() >> 10);
        uplink = new HivemqUplink(gateway.gatewayId(), uplinkConfig);
        limits = PublishLimits.from(uplinkConfig);
        final PublishPacer pacer = new PublishPacer(limits.publishesPerSecond(), limits.bytesPerSecond());
        drainer = new OutboxDrainer(outbox, uplink, limits, pacer, DrainPolicy.from(uplinkConfig), memory, registry);
        final ControlPublisher control = new ControlPublisher(uplink, pacer, limits.maxMessageBytes());
        registerGauges();
        // connect now, while the adapters come up: a backlog starts to drain at once. What the broker delivers
        // before the handlers below have subscribed waits in the uplink until openInbound()
        startUplink();
        drainer.start();

        profiles = ProfileCatalog.load(adaptersConfig.profilesDir());
        loader = new AdapterLoader(profiles, topics::topicFor);
        final AdapterLoader.Result loaded = loader.loadDirectory(adaptersConfig.dir());
        problems = loaded.problems();
        problems.forEach(p -> LOG.errorf("Rejected %s", p));
        if (demo != null) {
            demo.startDevices(loaded.adapters());
        }
        final List<ReadingSink> sinks = new ArrayList<>();
        // the durable buffer first: what it accepted is safe whatever the others do
        sinks.add(new TelemetryRecorder(outbox, topics, gateway.gatewayId(), registry));
        sinks.add(latest);
        if (plantConfig.mirror()) {
            sinks.add(new PlantMirror(plantConfig.mirrorTopic().replace("{gateway}", gateway.gatewayId()), plant::mirror));
        }
        pollMetrics = new MicrometerPollMetrics(registry);
        // the readers are made when the adapters start, after the shadow sink (which needs the directory of
        // those same adapters) has joined the list
        final List<ReadingSink> lateSinks = new ArrayList<>();
        adapters = new RunningAdapters(a -> FieldSources.create(a, new FanOutSink(lateSinks), pollMetrics,
                plant.router()), loader, adaptersConfig.dir());
        final ThingNames things = new ThingNames(shadowConfig.thingName(), gateway.gatewayId(), adapters::exists);
        if (shadowConfig.enabled()) {
            startShadows(control, things, sinks);
        }
        lateSinks.addAll(sinks);
        adapters.startAll(loaded.adapters());
        housekeeping.scheduleWithFixedDelay(plant.router()::checkSilence, 1, 1, TimeUnit.SECONDS);
        if (!plantConfig.enabled() && loaded.adapters().stream().anyMatch(a -> a.kind() == AdapterKind.MQTT)) {
            LOG.errorf("mqtt adapters are configured but the plant broker is not (fieldgate.plant-mqtt.enabled=false): "
                    + "they will report no data");
        }
        if (shadowConfig.enabled()) {
            new DesiredWriter(shadows, adapters, shadowConfig.pointsShadow(), commandConfig.queueExpiry()).start();
            if (shadowConfig.cloudSync()) {
                shadowSync = new ShadowSync(shadows, control, things, this::pointsShadows, shadowConfig.maxInFlight(),
                        shadowConfig.requestTimeout(), registry);
                shadowSync.start();
            }
        }
        if (commandConfig.enabled()) {
            commands = new CommandHandler(commandConfig, gateway.gatewayId(), things::deviceOf, gateway.dataDir(),
                    adapters, latest, adapters::reload, control, registry);
            commands.start();
        }
        if (tunnelConfig.enabled()) {
            tunnels = new TunnelManager(vertx, uplink, tunnelConfig,
                    id -> id.equals(gateway.gatewayId()) ? id : things.thingOf(id));
            tunnels.start();
        }
        uplink.openInbound();
        LOG.infof("Fieldgate %s started: %d adapter(s) polling from %s, %d file(s) rejected", gateway.gatewayId(),
                adapters.size(), adaptersConfig.dir().toAbsolutePath(), problems.size());
    }

    /**
     * Connects with the provisioned identity when there is one; provisions by claim first when configured and
     * there is none (polling and buffering go on meanwhile); else with the configured certificate.
     */
    private void startUplink() {
        final IdentityStore identities = new IdentityStore(gateway.dataDir().resolve("identity"));
        final Optional<Identity> identity = identities.current();
        if (identity.isPresent()) {
            useIdentity(identity.get());
            uplink.start();
            return;
        }
        if (!provisioningConfig.enabled()) {
            uplink.start();
            return;
        }
        final Path claimCert = provisioningConfig.claimCert().orElseThrow(() -> missing("claim-cert"));
        final Path claimKey = provisioningConfig.claimKey().orElseThrow(() -> missing("claim-key"));
        final String template = provisioningConfig.template().orElseThrow(() -> missing("template"));
        provisioner = new ClaimProvisioner(identities, () -> new ProvisioningClient(uplinkConfig.host(),
                uplinkConfig.port(), gateway.gatewayId(), uplinkConfig.tls().ca(), claimCert, claimKey,
                provisioningConfig.requestTimeout()), template, provisioningConfig.parameters(), gateway.gatewayId(),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30)));
        LOG.infof("No identity yet: provisioning by claim with template %s; readings are buffered meanwhile", template);
        provisioner.start(id -> {
            useIdentity(id);
            uplink.start();
        });
    }

    private void useIdentity(final Identity id) {
        if (!id.thingName().equals(gateway.gatewayId())) {
            // AWS IoT policies tie the client id to the thing name: connecting under another id would be refused
            LOG.errorf("The provisioned thing is %s but fieldgate.gateway-id is %s: set fieldgate.gateway-id=%s "
                    + "(or make the template name the thing after the gateway id)", id.thingName(), gateway.gatewayId(),
                    id.thingName());
        }
        LOG.infof("Using the provisioned identity of thing %s", id.thingName());
        uplink.useIdentity(id.cert(), id.key());
    }

    private static IllegalStateException missing(final String key) {
        return new IllegalStateException("fieldgate.provisioning.enabled=true needs fieldgate.provisioning." + key);
    }

    /** @return polls skipped since start (late or back-pressured), all devices. */
    public long overruns() {
        return pollMetrics == null ? 0 : pollMetrics.overruns();
    }

    /** @return the upstream limits in force (profile defaults or settings). */
    public PublishLimits publishLimits() {
        return limits;
    }

    /** @return open tunnels (thing → protocol version), empty when tunnels are off. */
    public java.util.Map<String, Integer> tunnels() {
        return tunnels == null ? java.util.Map.of() : tunnels.tunnels();
    }

    /** @return what fleet provisioning is doing, or null when it is not used. */
    public String provisioningStatus() {
        return provisioner == null ? null : provisioner.status();
    }

    private void startShadows(final ControlPublisher control, final ThingNames things, final List<ReadingSink> sinks) {
        shadowStore = new ShadowStore(gateway.dataDir().resolve("shadows"));
        shadows = new ShadowService(shadowStore, new ShadowLimits((int) shadowConfig.maxStateSize().asLongValue(),
                shadowConfig.maxDepth(), 64 * 1024), adapters::exists);
        final ShadowReporter reporter = new ShadowReporter(shadows, adapters, shadowConfig.pointsShadow());
        sinks.add(reporter);
        final long every = shadowConfig.reportInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(reporter::flush, every, every, TimeUnit.MILLISECONDS);
    }

    private Set<ShadowKey> pointsShadows() {
        final Set<ShadowKey> keys = new LinkedHashSet<>();
        adapters.deviceIds().forEach(d -> keys.add(new ShadowKey(d, shadowConfig.pointsShadow())));
        return keys;
    }

    void onStop(@Observes final ShutdownEvent event) {
        if (adapters != null) {
            adapters.stopAll();
        }
        housekeeping.shutdownNow();
        if (tunnels != null) {
            tunnels.close();
        }
        if (provisioner != null) {
            provisioner.close();
        }
        if (commands != null) {
            commands.close();
        }
        if (shadowSync != null) {
            shadowSync.close();
        }
        if (drainer != null) {
            drainer.stop();
        }
        if (uplink != null) {
            uplink.close();
        }
        if (outbox != null) {
            outbox.close();
        }
        if (shadowStore != null) {
            shadowStore.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private void registerGauges() {
        Gauge.builder("fieldgate.buffer.depth", outbox, o -> o.stats().depth())
                .description("messages stored, not yet acknowledged").register(registry);
        Gauge.builder("fieldgate.buffer.bytes", outbox, o -> o.stats().bytes())
                .description("payload bytes stored").baseUnit("bytes").register(registry);
        Gauge.builder("fieldgate.buffer.oldest.age", outbox, Gateway::oldestAgeSeconds)
                .description("age of the oldest stored message").baseUnit("seconds").register(registry);
        Gauge.builder("fieldgate.buffer.dropped", outbox, o -> o.stats().dropped())
                .description("messages dropped by the overflow policy since start").register(registry);
        Gauge.builder("fieldgate.buffer.refused", outbox, o -> o.stats().refusedKept())
                .description("messages the broker refused for good, kept to be sent again or discarded")
                .register(registry);
        Gauge.builder("fieldgate.uplink.connected", uplink, u -> u.isConnected() ? 1 : 0).register(registry);
        Gauge.builder("fieldgate.uplink.in.flight", drainer, OutboxDrainer::inFlight).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("fieldgate.uplink.throttled", uplink, HivemqUplink::throttled)
                .description("publishes refused and disconnects by the broker for a quota").register(registry);
    }

    private static double oldestAgeSeconds(final H2Outbox o) {
        final OutboxStats s = o.stats();
        return s.oldestCreatedAt() == 0 ? 0 : (System.currentTimeMillis() - s.oldestCreatedAt()) / 1000.0;
    }

    /** @return the outbox, for health and status. */
    public H2Outbox outbox() {
        return outbox;
    }

    /** @return the uplink, for health and status. */
    public HivemqUplink uplink() {
        return uplink;
    }

    /** @return the drainer, for health. */
    public OutboxDrainer drainer() {
        return drainer;
    }

    /** @return the local shadow cache, or null when shadows are disabled. */
    public ShadowService shadows() {
        return shadows;
    }

    /** @return the running devices. */
    public DeviceDirectory devices() {
        return adapters;
    }

    /** @return the latest reading of every point. */
    public LatestValues latest() {
        return latest;
    }

    /** @return the directory adapter files are loaded from. */
    public java.nio.file.Path adaptersDir() {
        return adaptersConfig.dir();
    }

    /** @return the parser the gateway loads adapter files with, for checking edited ones. */
    public AdapterLoader adapterLoader() {
        return loader;
    }

    /** @return the names of the Modbus device profiles in the catalogue. */
    public List<String> profileNames() {
        return profiles.all().keySet().stream().sorted().toList();
    }

    /**
     * Reads one adapter's file again and applies it; the others keep running.
     *
     * @return what happened
     * @throws IllegalArgumentException naming file, line and key when the file is invalid
     */
    public String reloadAdapter(final String name) {
        return adapters.reload(name);
    }

    /** @return adapter and profile files rejected at the last load. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
