package dev.fieldgate.field.mqtt;

import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.FieldSource;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.ReadingSink;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.PlantTopic;
import dev.fieldgate.field.serial.DropReason;
import dev.fieldgate.field.serial.FrameParser;
import dev.fieldgate.field.serial.SensorSpec;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A device that publishes on the plant's broker: each message on its topic filter is decoded (JSON pointers,
 * regex, key=value, NMEA) into readings that take the same way as polled ones. Silence longer than the
 * connection's timeout is reported once as a bad reading, like a mute serial sensor.
 */
public final class PlantMqttReader implements FieldSource {

    private static final Logger LOG = Logger.getLogger(PlantMqttReader.class);

    private final AdapterDefinition adapter;
    private final PlantTopic topic;
    private final SensorSpec spec;
    private final ReadingSink sink;
    private final PollMetrics metrics;
    private final PlantMqttRouter router;
    private final FrameParser parser;
    private volatile DeviceStatus status;
    private long lastValidMillis = System.currentTimeMillis();
    private boolean silenceReported;

    /**
     * @param adapter  an adapter of kind mqtt
     * @param sink     where readings go
     * @param metrics  counts messages and drops
     * @param router   hands this reader the messages of its topic
     */
    public PlantMqttReader(final AdapterDefinition adapter, final ReadingSink sink, final PollMetrics metrics,
                           final PlantMqttRouter router) {
        this.adapter = adapter;
        this.topic = (PlantTopic) adapter.connection();
        this.spec = adapter.sensor().orElseThrow();
        this.sink = sink;
        this.metrics = metrics;
        this.router = router;
        this.parser = spec.parser().get();
        this.status = new DeviceStatus(spec.deviceId(), true, 0, null);
    }

    @Override
    public void start() {
        router.add(this);
        LOG.infof("Reading %s from the plant broker on %s", spec.deviceId(), topic.topic());
    }

    @Override
    public void stop() {
        router.remove(this);
    }

    @Override
    public DeviceStatus status(final String deviceId) {
        return spec.deviceId().equals(deviceId) ? status : null;
    }

    /** @return the topic filter this reader listens on. */
    public String topicFilter() {
        return topic.topic();
    }

    /** Decodes one message; runs on the messaging thread, so it only parses and hands over. */
    synchronized void onMessage(final byte[] payload) {
        final long started = System.nanoTime();
        parser.feed(payload, payload.length, new FrameParser.Sink() {
            @Override
            public void message(final Map<String, Object> fields) {
                final long now = System.currentTimeMillis();
                final List<Reading> readings = spec.readings(fields, now);
                if (readings.isEmpty()) {
                    return;
                }
                lastValidMillis = now;
                silenceReported = false;
                status = new DeviceStatus(spec.deviceId(), true, now, null);
                metrics.polled(spec.deviceId(), readings.size(), System.nanoTime() - started);
                sink.accept(new DeviceReadings(spec.deviceId(), readings));
            }

            @Override
            public void dropped(final DropReason reason, final String detail) {
                metrics.dropped(spec.deviceId(), reason.metricName());
                LOG.debugf("Message of %s dropped (%s): %s", spec.deviceId(), reason.metricName(), detail);
            }
        });
    }

    /** Reports silence longer than the timeout once. */
    synchronized void checkSilence(final long nowMillis) {
        if (silenceReported || nowMillis - lastValidMillis < topic.timeout().toMillis()) {
            return;
        }
        silenceReported = true;
        final String detail = "no valid message on " + topic.topic() + " for " + topic.timeout().toSeconds() + " s";
        status = new DeviceStatus(spec.deviceId(), false, status.lastGoodAt(), detail);
        metrics.error(spec.deviceId(), Quality.BAD_TIMEOUT);
        final List<Reading> bad = new ArrayList<>();
        spec.points().forEach(p -> bad.add(Reading.bad(p.name(), p.unit(), Quality.BAD_TIMEOUT, nowMillis, detail)));
        sink.accept(new DeviceReadings(spec.deviceId(), bad));
        LOG.warnf("Device %s (adapter %s): %s", spec.deviceId(), adapter.name(), detail);
    }
}
