package dev.fieldgate.sparkplug;

import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.FieldSource;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.ReadingSink;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.SparkplugEdge;
import dev.fieldgate.field.serial.DropReason;
import dev.fieldgate.field.serial.SensorSpec;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClientOptions;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A {@code sparkplug} adapter: follows a remote edge node on the plant broker as a (non-primary) host application
 * does and turns the metrics of its NBIRTH/NDATA, or of one device's DBIRTH/DDATA, into readings of the configured
 * device. When its view is incomplete (data before a birth, a seq gap, an unknown alias) it asks the node for a
 * rebirth (NCMD Node Control/Rebirth), at most once per connection timeout. A malformed message is counted and
 * logged with its topic and dropped.
 */
final class SparkplugIngestReader implements FieldSource, ReconnectingMqttClient.Owner {

    private static final Logger LOG = Logger.getLogger(SparkplugIngestReader.class);

    private final AdapterDefinition adapter;
    private final SparkplugEdge source;
    private final SensorSpec spec;
    private final ReadingSink sink;
    private final PollMetrics pollMetrics;
    private final SparkplugMetrics metrics;
    private final LongSupplier clock;
    private final RemoteNodeTracker tracker;
    private final ReconnectingMqttClient client;
    private long lastRebirthAt = Long.MIN_VALUE / 2;
    private volatile DeviceStatus status;

    SparkplugIngestReader(final AdapterDefinition adapter, final ReadingSink sink, final PollMetrics pollMetrics,
                          final SparkplugMetrics metrics, final Vertx vertx, final ReconnectingMqttClient.Target target,
                          final LongSupplier clock) {
        this.adapter = adapter;
        this.source = (SparkplugEdge) adapter.connection();
        this.spec = adapter.sensor().orElseThrow();
        this.sink = sink;
        this.pollMetrics = pollMetrics;
        this.metrics = metrics;
        this.clock = clock;
        this.tracker = new RemoteNodeTracker(source, spec);
        this.client = new ReconnectingMqttClient(vertx, target, List.of(source.address()), this);
        this.status = new DeviceStatus(spec.deviceId(), false, 0, "no birth seen yet");
    }

    @Override
    public void start() {
        client.start();
        LOG.infof("Reading %s from Sparkplug node %s/%s%s", spec.deviceId(), source.group(), source.edgeNode(),
                source.device().map(d -> " device " + d).orElse(""));
    }

    @Override
    public void stop() {
        try {
            client.stop(Optional.empty()).get(2, TimeUnit.SECONDS);
        } catch (final Exception e) {
            LOG.debugf("Sparkplug reader %s stopped without a clean disconnect: %s", adapter.name(), e.toString());
        }
    }

    @Override
    public DeviceStatus status(final String deviceId) {
        return spec.deviceId().equals(deviceId) ? status : null;
    }

    @Override
    public MqttClientOptions nextConnect(final MqttClientOptions base) {
        return base.setCleanSession(true);
    }

    @Override
    public void up() {
        // a host that joins late has seen no birth: the first data message will ask for one
    }

    @Override
    public synchronized void down() {
        // what the node did meanwhile is unknown (it may have been born again with other aliases)
        final RemoteNodeTracker.Outcome outcome = tracker.lost("plant broker connection lost", clock.getAsLong());
        if (!outcome.readings().isEmpty()) {
            sink.accept(new DeviceReadings(spec.deviceId(), outcome.readings()));
        }
        status = new DeviceStatus(spec.deviceId(), false, status.lastGoodAt(), "plant broker connection lost");
    }

    @Override
    public synchronized void message(final String topic, final byte[] payload) {
        final long started = System.nanoTime();
        final RemoteNodeTracker.Outcome outcome;
        try {
            outcome = tracker.onMessage(SparkplugTopic.parse(topic), SparkplugCodec.decode(payload));
        } catch (final SparkplugDecodeException | IllegalArgumentException e) {
            metrics.malformed.increment();
            pollMetrics.dropped(spec.deviceId(), DropReason.MALFORMED.metricName());
            LOG.warnf("Sparkplug message on %s dropped (adapter %s): %s", topic, adapter.name(), e.getMessage());
            return;
        }
        final long now = clock.getAsLong();
        if (!outcome.readings().isEmpty()) {
            pollMetrics.polled(spec.deviceId(), outcome.readings().size(), System.nanoTime() - started);
            sink.accept(new DeviceReadings(spec.deviceId(), outcome.readings()));
        }
        status = tracker.alive() ? new DeviceStatus(spec.deviceId(), true, now, null)
                : new DeviceStatus(spec.deviceId(), false, status.lastGoodAt(), "edge node or device not born");
        outcome.rebirth().ifPresent(reason -> rebirth(reason, now));
    }

    private void rebirth(final String reason, final long now) {
        if (now - lastRebirthAt < source.timeout().toMillis()) {
            return;
        }
        lastRebirthAt = now;
        LOG.infof("Asking Sparkplug node %s/%s for a rebirth: %s", source.group(), source.edgeNode(), reason);
        final byte[] ncmd = SparkplugCodec.encode(new SparkplugPayload(now, OptionalLong.empty(), List.of(
                Metric.named(NodeMessages.REBIRTH, now, MetricType.BOOLEAN, true))));
        client.publish(SparkplugTopic.node(source.group(), MessageType.NCMD, source.edgeNode()).toString(), ncmd,
                // spec 3.0: NCMD is published at QoS 0, not retained
                MqttQoS.AT_MOST_ONCE, metrics.publishDropped::increment);
    }
}
