package dev.fieldgate.telemetry;

import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.ReadingSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;

/**
 * Turns each device poll into telemetry messages on the device's topics, in the configured encoding, and
 * appends them to the outbox, after report by exception has taken out what says nothing new. Readings count
 * as accepted once the outbox committed them.
 */
public final class TelemetryRecorder implements ReadingSink {

    private static final Logger LOG = Logger.getLogger(TelemetryRecorder.class);

    private final Outbox outbox;
    private final TelemetryEncoder encoder;
    private final ReportByException filter;
    private final Counter polled;
    private final Counter unchanged;
    private final Counter accepted;
    private final Counter refused;

    /**
     * @param outbox    where messages go
     * @param encoder   the encoding and topics
     * @param filter    report by exception
     * @param registry  where reading counters go
     */
    public TelemetryRecorder(final Outbox outbox, final TelemetryEncoder encoder, final ReportByException filter,
                             final MeterRegistry registry) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.polled = Counter.builder("fieldgate.readings.polled").description("readings handed over by pollers")
                .register(registry);
        this.unchanged = Counter.builder("fieldgate.readings.unchanged")
                .description("readings of report: on-change points not sent because they said nothing new")
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
        polled.increment(batch.readings().size());
        final List<Reading> news = filter.filter(batch);
        unchanged.increment(batch.readings().size() - news.size());
        if (news.isEmpty()) {
            return;
        }
        final DeviceReadings toSend = news == batch.readings() ? batch : new DeviceReadings(batch.deviceId(), news);
        final int n = news.size();
        outbox.append(encoder.messages(toSend)).whenComplete((entries, error) -> {
            if (error == null) {
                accepted.increment(n);
            } else {
                refused.increment(n);
                // whatever the encoder announced with these messages was not stored either, nor the values
                encoder.refresh(batch.deviceId());
                filter.notSent(batch.deviceId(), news);
                LOG.debugf("%d reading(s) of %s not accepted: %s", n, batch.deviceId(), error.getMessage());
            }
        });
    }
}
