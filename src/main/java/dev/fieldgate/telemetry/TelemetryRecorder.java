package dev.fieldgate.telemetry;

import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.ReadingSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;

/**
 * Turns each device poll into one telemetry message on the device's topic and appends it to the outbox.
 * Readings count as accepted once the outbox committed them.
 */
public final class TelemetryRecorder implements ReadingSink {

    private static final Logger LOG = Logger.getLogger(TelemetryRecorder.class);
    private static final int QOS = 1;

    private final Outbox outbox;
    private final TelemetryTopics topics;
    private final String gatewayId;
    private final Counter polled;
    private final Counter accepted;
    private final Counter refused;

    /**
     * @param outbox     where messages go
     * @param topics     topic per device
     * @param gatewayId  written into each payload
     * @param registry   where reading counters go
     */
    public TelemetryRecorder(final Outbox outbox, final TelemetryTopics topics, final String gatewayId,
                             final MeterRegistry registry) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        this.polled = Counter.builder("fieldgate.readings.polled").description("readings handed over by pollers")
                .register(registry);
        this.accepted = Counter.builder("fieldgate.readings.accepted").description("readings committed to the outbox")
                .register(registry);
        this.refused = Counter.builder("fieldgate.readings.refused")
                .description("readings the outbox could not accept (full or unwritable)").register(registry);
    }

    @Override
    public boolean hasRoom(final int readings) {
        return outbox.hasRoom(TelemetryCodec.estimateBytes(readings));
    }

    @Override
    public void accept(final DeviceReadings batch) {
        final int n = batch.readings().size();
        polled.increment(n);
        final OutboundMessage message = new OutboundMessage(batch.deviceId(), topics.topicFor(batch.deviceId()), QOS,
                id -> TelemetryCodec.encode(id, gatewayId, batch), TelemetryCodec.estimateBytes(batch));
        outbox.append(List.of(message)).whenComplete((entries, error) -> {
            if (error == null) {
                accepted.increment(n);
            } else {
                refused.increment(n);
                LOG.debugf("%d reading(s) of %s not accepted: %s", n, batch.deviceId(), error.getMessage());
            }
        });
    }
}
