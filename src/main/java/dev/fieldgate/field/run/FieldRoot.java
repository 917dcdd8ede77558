package dev.fieldgate.field.run;

import dev.fieldgate.config.AdaptersConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.PlantMqttConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.FanOutSink;
import dev.fieldgate.field.FieldSourceFactory;
import dev.fieldgate.field.FieldSourceKinds;
import dev.fieldgate.field.LatestValues;
import dev.fieldgate.field.ReadingSink;
import dev.fieldgate.field.ReadingSinks;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterKind;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ConfigProblem;
import dev.fieldgate.field.adapter.ProfileCatalog;
import dev.fieldgate.field.mqtt.PlantMirror;
import dev.fieldgate.field.mqtt.PlantMqttChannels;
import dev.fieldgate.telemetry.MicrometerPollMetrics;
import dev.fieldgate.telemetry.TelemetryTopics;
import dev.fieldgate.util.Housekeeping;
import dev.fieldgate.util.Lifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Composition root of the field side: loads the adapter files, lets the other capabilities add their reading
 * sinks, then starts polling; stops polling first at shutdown. Sinks join in start order (the durable buffer
 * first) and are fixed once polling starts: every reader gets the same fan-out.
 */
@ApplicationScoped
public class FieldRoot implements AdapterService, ReadingSinks, FieldSourceKinds {

    private static final Logger LOG = Logger.getLogger(FieldRoot.class);

    private final GatewayConfig gateway;
    private final UplinkConfig uplink;
    private final AdaptersConfig config;
    private final PlantMqttConfig plantConfig;
    private final PlantMqttChannels plant;
    private final Housekeeping housekeeping;
    private final MicrometerPollMetrics pollMetrics;
    private final LatestValues latest = new LatestValues();
    private final List<ReadingSink> sinks = new CopyOnWriteArrayList<>();
    private final Map<AdapterKind, FieldSourceFactory> otherKinds = new ConcurrentHashMap<>();
    private volatile boolean polling;
    private volatile ProfileCatalog profiles;
    private volatile AdapterLoader loader;
    private volatile RunningAdapters adapters;
    private volatile List<AdapterDefinition> loaded = List.of();
    private final Map<String, ConfigProblem> problems = new ConcurrentHashMap<>();
    private volatile AdapterFileWatch watch;

    FieldRoot(final GatewayConfig gateway, final UplinkConfig uplink, final AdaptersConfig config,
              final PlantMqttConfig plantConfig, final PlantMqttChannels plant, final Housekeeping housekeeping,
              final MeterRegistry registry) {
        this.gateway = gateway;
        this.uplink = uplink;
        this.config = config;
        this.plantConfig = plantConfig;
        this.plant = plant;
        this.housekeeping = housekeeping;
        this.pollMetrics = new MicrometerPollMetrics(registry);
    }

    void load(@Observes @Priority(Lifecycle.START_ADAPTERS_LOADED) final StartupEvent event) {
        // the loader checks each device's topic against the cloud's limits as it reads the files
        final TelemetryTopics topics = new TelemetryTopics(uplink.telemetryTopic(), gateway.gatewayId());
        final TelemetryTopics schemaTopics = new TelemetryTopics("fieldgate.uplink.schema-topic", uplink.schemaTopic(),
                gateway.gatewayId());
        profiles = ProfileCatalog.load(config.profilesDir());
        loader = new AdapterLoader(profiles, id -> {
            topics.topicFor(id);
            schemaTopics.topicFor(id);
        });
        final AdapterLoader.Result result = loader.loadDirectory(config.dir());
        loaded = result.adapters();
        result.problems().forEach(p -> {
            LOG.errorf("Rejected %s", p);
            problems.put(p.file(), p);
        });
        // the readers are made when the adapters start, after every sink has joined
        adapters = new RunningAdapters(a -> FieldSources.create(a, new FanOutSink(sinks), pollMetrics, plant.router(),
                otherKinds), loader, config.dir());
        if (!plantConfig.enabled() && loaded.stream().anyMatch(a -> a.kind() == AdapterKind.MQTT)) {
            LOG.errorf("mqtt adapters are configured but the plant broker is not (fieldgate.plant-mqtt.enabled=false): "
                    + "they will report no data");
        }
    }

    /** The page's latest values and the plant mirror follow the durable buffer, before the shadow reporter. */
    void addLocalSinks(@Observes @Priority(Lifecycle.START_LOCAL_SINKS) final StartupEvent event) {
        addSink(latest);
        if (plantConfig.mirror()) {
            addSink(new PlantMirror(plantConfig.mirrorTopic().replace("{gateway}", gateway.gatewayId()), plant::mirror));
        }
    }

    void startPolling(@Observes @Priority(Lifecycle.START_POLLING) final StartupEvent event) {
        polling = true;
        adapters.startAll(loaded);
        housekeeping.every(Duration.ofSeconds(1), "plant MQTT silence check", plant.router()::checkSilence);
        if (config.watch()) {
            watch = new AdapterFileWatch(config.dir(), this::applyChangedFile);
            watch.baseline();
            housekeeping.every(config.watchInterval(), "adapter directory watch", watch::check);
        }
    }

    /** A file changed in the directory: applied exactly as a save on the web page is; a broken one changes nothing. */
    private void applyChangedFile(final String adapterName) {
        final Path file = config.dir().resolve(adapterName + ".yaml");
        try {
            LOG.infof("Adapter file %s changed in %s: %s", adapterName, config.dir(), adapters.reload(adapterName));
            problems.keySet().removeIf(f -> isFileOf(f, adapterName));
        } catch (final IllegalArgumentException e) {
            LOG.errorf("Adapter file %s changed in %s but is rejected; the running version stays: %s", adapterName,
                    config.dir(), e.getMessage());
            problems.keySet().removeIf(f -> isFileOf(f, adapterName));
            problems.put(file.toString(), new ConfigProblem(file.toString(), 0, "", e.getMessage()));
        }
    }

    private boolean isFileOf(final String file, final String adapterName) {
        final String name = Path.of(file).getFileName().toString();
        return Path.of(file).toAbsolutePath().getParent().equals(config.dir().toAbsolutePath())
                && (name.equals(adapterName + ".yaml") || name.equals(adapterName + ".yml"));
    }

    void stop(@Observes @Priority(Lifecycle.STOP_POLLING) final ShutdownEvent event) {
        Lifecycle.stopStep("polling", this::stopPolling);
    }

    /** Also when the start failed half-way: no reader keeps polling into a closed buffer. Idempotent. */
    @PreDestroy
    void stopPolling() {
        if (adapters != null) {
            adapters.stopAll();
        }
    }

    @Override
    public void addSink(final ReadingSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (polling) {
            throw new IllegalStateException("reading sinks must join before polling starts");
        }
        sinks.add(sink);
    }

    @Override
    public void register(final AdapterKind kind, final FieldSourceFactory factory) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(factory, "factory");
        if (polling) {
            throw new IllegalStateException("adapter kinds must be registered before polling starts");
        }
        otherKinds.put(kind, factory);
    }

    @Override
    public List<AdapterDefinition> loaded() {
        return loaded;
    }

    @Override
    public int running() {
        return adapters == null ? 0 : adapters.size();
    }

    @Override
    public DeviceDirectory devices() {
        return adapters;
    }

    @Override
    public LatestValues latest() {
        return latest;
    }

    @Override
    public Path adaptersDir() {
        return config.dir();
    }

    @Override
    public AdapterLoader loader() {
        return loader;
    }

    @Override
    public List<String> profileNames() {
        return profiles.all().keySet().stream().sorted().toList();
    }

    @Override
    public List<ConfigProblem> problems() {
        return problems.values().stream().sorted(Comparator.comparing(ConfigProblem::file)).toList();
    }

    @Override
    public String reload(final String adapterName) {
        final String result = adapters.reload(adapterName);
        problems.keySet().removeIf(f -> isFileOf(f, adapterName));
        if (watch != null) {
            watch.applied(adapterName);
        }
        return result;
    }

    @Override
    public long overruns() {
        return pollMetrics.overruns();
    }
}
