package dev.fieldgate;

import dev.fieldgate.buffer.OutboxStats;
import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;
import dev.fieldgate.config.AdaptersConfig;
import dev.fieldgate.config.BufferConfig;
import dev.fieldgate.config.DemoConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.demo.DemoEnvironment;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ConfigProblem;
import dev.fieldgate.field.adapter.ProfileCatalog;
import dev.fieldgate.field.FieldSource;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.telemetry.MicrometerPollMetrics;
import dev.fieldgate.telemetry.TelemetryRecorder;
import dev.fieldgate.telemetry.TelemetryTopics;
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

import java.util.ArrayList;
import java.util.List;

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
    private final AdaptersConfig adaptersConfig;
    private final DemoConfig demoConfig;
    private final MeterRegistry registry;

    private DemoEnvironment demo;
    private H2Outbox outbox;
    private HivemqUplink uplink;
    private OutboxDrainer drainer;
    private final List<FieldSource> sources = new ArrayList<>();
    private volatile List<ConfigProblem> problems = List.of();

    Gateway(final GatewayConfig gateway, final UplinkConfig uplinkConfig, final BufferConfig bufferConfig,
            final AdaptersConfig adaptersConfig, final DemoConfig demoConfig, final MeterRegistry registry) {
        this.gateway = gateway;
        this.uplinkConfig = uplinkConfig;
        this.bufferConfig = bufferConfig;
        this.adaptersConfig = adaptersConfig;
        this.demoConfig = demoConfig;
        this.registry = registry;
    }

    void onStart(@Observes final StartupEvent event) {
        final TelemetryTopics topics = new TelemetryTopics(uplinkConfig.telemetryTopic(), gateway.gatewayId());
        if (demoConfig.enabled()) {
            demo = DemoEnvironment.startBroker(gateway.dataDir(), gateway.gatewayId(), demoConfig.brokerPort());
        }
        outbox = H2Outbox.open(new OutboxSettings(gateway.dataDir().resolve("buffer"),
                bufferConfig.maxSize().asLongValue(), bufferConfig.overflow(), bufferConfig.syncOnCommit(),
                bufferConfig.intakeQueue(), bufferConfig.maxAge()));
        uplink = new HivemqUplink(gateway.gatewayId(), uplinkConfig);
        drainer = new OutboxDrainer(outbox, uplink, new PublishLimits(uplinkConfig.maxInFlight(),
                uplinkConfig.maxPublishRate(), uplinkConfig.maxByteRate().asLongValue(),
                uplinkConfig.maxMessageSize().asLongValue(), uplinkConfig.publishTimeout()), registry);
        registerGauges();
        uplink.start();
        drainer.start();

        final AdapterLoader.Result loaded = new AdapterLoader(ProfileCatalog.load(adaptersConfig.profilesDir()),
                topics::topicFor).loadDirectory(adaptersConfig.dir());
        problems = loaded.problems();
        problems.forEach(p -> LOG.errorf("Rejected %s", p));
        if (demo != null) {
            demo.startDevices(loaded.adapters());
        }
        final TelemetryRecorder recorder = new TelemetryRecorder(outbox, topics, gateway.gatewayId(), registry);
        final MicrometerPollMetrics pollMetrics = new MicrometerPollMetrics(registry);
        loaded.adapters().stream().filter(AdapterDefinition::enabled).forEach(a -> {
            final FieldSource source = FieldSources.create(a, recorder, pollMetrics);
            sources.add(source);
            source.start();
        });
        LOG.infof("Fieldgate %s started: %d adapter(s) polling from %s, %d file(s) rejected", gateway.gatewayId(),
                sources.size(), adaptersConfig.dir().toAbsolutePath(), problems.size());
    }

    void onStop(@Observes final ShutdownEvent event) {
        sources.forEach(FieldSource::stop);
        if (drainer != null) {
            drainer.stop();
        }
        if (uplink != null) {
            uplink.close();
        }
        if (outbox != null) {
            outbox.close();
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
        Gauge.builder("fieldgate.uplink.connected", uplink, u -> u.isConnected() ? 1 : 0).register(registry);
        Gauge.builder("fieldgate.uplink.in.flight", drainer, OutboxDrainer::inFlight).register(registry);
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

    /** @return adapter and profile files rejected at the last load. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
