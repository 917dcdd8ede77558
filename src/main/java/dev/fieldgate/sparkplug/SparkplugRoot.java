package dev.fieldgate.sparkplug;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.SparkplugConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.field.FieldSourceKinds;
import dev.fieldgate.field.ReadingSinks;
import dev.fieldgate.field.adapter.AdapterKind;
import dev.fieldgate.util.Backoff;
import dev.fieldgate.util.Lifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Composition root of Sparkplug B on the plant broker: registers the {@code sparkplug} adapter kind (remote edge
 * nodes read as devices) with the field side; when this gateway is an edge node itself, the node joins the readings'
 * fan-out with the other local sinks (so it has every value before polling starts) and connects once the devices
 * poll; at shutdown it sends NDEATH and disconnects with the other handlers.
 */
@ApplicationScoped
public class SparkplugRoot {

    /** Largest Sparkplug message accepted from the plant broker: births of thousands of metrics fit. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final Logger LOG = Logger.getLogger(SparkplugRoot.class);
    private static final long STOP_WAIT_MS = 3000;
    /** The held DDATA's own outbox, under the data directory. */
    static final String BUFFER_NAME = "sparkplug-buffer";
    private static final long MIN_BUFFER_BYTES = 256L << 10;

    private final GatewayConfig gateway;
    private final SparkplugConfig config;
    private final AdapterService field;
    private final ReadingSinks sinks;
    private final FieldSourceKinds kinds;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final BufferService buffer;
    private volatile VertxSparkplugSession session;
    private volatile HistoryReplay replay;
    private volatile EdgeNode node;

    SparkplugRoot(final GatewayConfig gateway, final SparkplugConfig config,
                  final AdapterService field, final ReadingSinks sinks, final FieldSourceKinds kinds, final Vertx vertx,
                  final MeterRegistry registry, final BufferService buffer) {
        this.gateway = gateway;
        this.config = config;
        this.field = field;
        this.sinks = sinks;
        this.kinds = kinds;
        this.vertx = vertx;
        this.registry = registry;
        this.buffer = buffer;
    }

    void wire(@Observes @Priority(Lifecycle.START_LOCAL_SINKS) final StartupEvent event) {
        final SparkplugMetrics metrics = new SparkplugMetrics(registry);
        // sparkplug adapters read remote edge nodes whether or not this gateway is an edge node itself
        kinds.register(AdapterKind.SPARKPLUG, (adapter, sink, pollMetrics) -> new SparkplugIngestReader(adapter, sink,
                pollMetrics, metrics, vertx, target(gateway.gatewayId() + "-sp-" + adapter.name()),
                System::currentTimeMillis));
        if (!config.enabled()) {
            return;
        }
        if (config.maxMetricsPerDevice() < 1) {
            throw new IllegalArgumentException("fieldgate.sparkplug.max-metrics-per-device must be at least 1, not "
                    + config.maxMetricsPerDevice());
        }
        if (config.keepAlive().toSeconds() < 1 || config.keepAlive().toSeconds() > 65535) {
            throw new IllegalArgumentException("fieldgate.sparkplug.keep-alive must be 1 s to 65535 s, not "
                    + config.keepAlive());
        }
        final NodeIds ids = new NodeIds(config.groupId().orElseThrow(() -> new IllegalStateException(
                "fieldgate.sparkplug.group-id is required when fieldgate.sparkplug.enabled=true")),
                config.edgeNodeId(), config.primaryHostId());
        session = new VertxSparkplugSession(vertx, target(config.clientId()),
                ids, metrics, new BdSeqStore(gateway.dataDir().resolve("sparkplug").resolve("bdseq")),
                System::currentTimeMillis);
        final DcmdWriter writer = new DcmdWriter(field.devices(), metrics, config.writeTimeout(),
                System::currentTimeMillis, config.dcmdWrites());
        final long bufferBytes = config.buffer().maxSize().asLongValue();
        if (bufferBytes < MIN_BUFFER_BYTES) {
            throw new IllegalArgumentException("fieldgate.sparkplug.buffer.max-size must be at least 256K, not "
                    + bufferBytes + " bytes");
        }
        final HeldData held = new HeldData(buffer.openNamed(BUFFER_NAME, bufferBytes), registry);
        replay = new HistoryReplay(held);
        node = new EdgeNode(ids, field.devices(), session, writer, held, replay, metrics, config.maxMetricsPerDevice(),
                System::currentTimeMillis);
        writer.attach(node);
        replay.attach(node);
        sinks.addSink(node);
    }

    void start(@Observes @Priority(Lifecycle.START_HANDLERS) final StartupEvent event) {
        if (session != null) {
            session.start(node);
        }
    }

    void stop(@Observes @Priority(Lifecycle.STOP_HANDLERS) final ShutdownEvent event) {
        if (session != null) {
            // the replay first: what it has not had acknowledged stays held for the next start
            Lifecycle.stopStep("sparkplug history replay", replay::close);
            Lifecycle.stopStep("sparkplug", () -> {
                try {
                    session.stop().get(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (final Exception e) {
                    LOG.warnf("Sparkplug NDEATH not confirmed within %d ms: %s", STOP_WAIT_MS, e.toString());
                }
            });
        }
    }

    private ReconnectingMqttClient.Target target(final String clientId) {
        final MqttClientOptions o = new MqttClientOptions()
                .setClientId(clientId)
                .setKeepAliveInterval((int) config.keepAlive().toSeconds())
                .setAutoKeepAlive(true)
                // -1 would not mean unlimited but Netty's 8,092-byte default: a birth of a hundred metrics
                .setMaxMessageSize(MAX_MESSAGE_BYTES);
        config.username().ifPresent(o::setUsername);
        config.password().ifPresent(o::setPassword);
        if (config.tls()) {
            o.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            config.tlsCa().ifPresent(ca -> o.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        }
        final Backoff backoff;
        try {
            backoff = new Backoff(config.reconnectInitial(), config.reconnectMax());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("fieldgate.sparkplug.reconnect-initial / reconnect-max: " + e.getMessage(),
                    e);
        }
        return new ReconnectingMqttClient.Target(config.host(), config.port(),
                o, backoff);
    }
}
