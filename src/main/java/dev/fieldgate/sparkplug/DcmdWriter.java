package dev.fieldgate.sparkplug;

import dev.fieldgate.field.DeviceControl;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.FieldFailure;
import dev.fieldgate.field.FieldOperationException;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.modbus.WriteCheck;
import dev.fieldgate.util.Futures;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * DCMD metric writes through the same validated path as cloud commands: the metric must name (or alias) a point of
 * the device, the point must be writable, the value must fit its type and range ({@link WriteCheck}), and the
 * write is confirmed by reading back ({@link DeviceControl#write}). The read-back goes to the host as DDATA. A
 * refused write is logged with its reason and counted; nothing throws.
 */
final class DcmdWriter {

    private static final Logger LOG = Logger.getLogger(DcmdWriter.class);

    private final DeviceDirectory directory;
    private final SparkplugMetrics metrics;
    private final Duration timeout;
    private final LongSupplier clock;
    private final boolean enabled;
    private volatile EdgeNode node;

    /**
     * @param enabled  false refuses every DCMD: anyone who can publish on the plant broker could otherwise
     *                 write to the machines, where cloud commands pass the cloud's policy first
     */
    DcmdWriter(final DeviceDirectory directory, final SparkplugMetrics metrics, final Duration timeout,
               final LongSupplier clock, final boolean enabled) {
        this.enabled = enabled;
        this.directory = directory;
        this.metrics = metrics;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The node whose metrics commands name and that publishes the read-back; set once at wiring. */
    void attach(final EdgeNode edgeNode) {
        this.node = edgeNode;
    }

    /** Validates and starts each metric's write, one after another per the device's own queue. */
    void write(final String deviceId, final List<Metric> commanded) {
        if (!enabled) {
            metrics.commandsRefused.increment(commanded.size());
            LOG.warnf("DCMD for %s refused: writes from the plant broker are off (fieldgate.sparkplug.dcmd-writes)",
                    deviceId);
            return;
        }
        for (final Metric m : commanded) {
            final String label = m.name().orElse("#" + m.alias().orElse(-1));
            try {
                final EdgeNode.Resolved r = node.resolve(deviceId, m).orElseThrow(() -> new FieldOperationException(
                        FieldFailure.UNKNOWN_POINT, "device " + deviceId + " has no metric " + label));
                final Point point = directory.modbusPoint(deviceId, r.point()).orElseThrow(() ->
                        new FieldOperationException(FieldFailure.NOT_WRITABLE, "point " + r.point() + " of device "
                                + deviceId + " is read-only"));
                final Object value = fieldValue(m, r, deviceId);
                final Object checked = WriteCheck.validate(deviceId, point, value);
                final DeviceControl control = directory.control(deviceId).orElseThrow(() ->
                        new FieldOperationException(FieldFailure.NOT_WRITABLE, "device " + deviceId + " cannot be written"));
                // as a cloud command under when-unreachable=fail: a device known to be down gets nothing on the wire
                directory.status(deviceId).filter(st -> !st.reachable()).ifPresent(st -> {
                    throw new FieldOperationException(FieldFailure.DEVICE_UNREACHABLE, "device " + deviceId
                            + " is not answering" + (st.lastError() == null ? "" : " (" + st.lastError() + ")")
                            + "; nothing was sent");
                });
                LOG.debugf("DCMD write %s.%s = %s ...", deviceId, r.point(), checked);
                control.write(deviceId, point, checked, clock.getAsLong() + timeout.toMillis())
                        .whenComplete((outcome, error) -> {
                            if (error != null) {
                                refused(deviceId, label, Futures.cause(error).getMessage());
                            } else {
                                LOG.debugf("DCMD write %s.%s done, read back %s", deviceId, r.point(),
                                        outcome.readBack().value());
                                node.readBack(deviceId, outcome.readBack());
                            }
                        });
            } catch (final FieldOperationException e) {
                refused(deviceId, label, e.getMessage());
            }
        }
    }

    private static Object fieldValue(final Metric m, final EdgeNode.Resolved r, final String deviceId) {
        final Object v = MetricTypes.toFieldValue(m);
        final MetricType declared = r.definition().type();
        final boolean fits = v != null && (declared == MetricType.BOOLEAN ? v instanceof Boolean
                : declared.isText() ? v instanceof String : v instanceof Number);
        if (!fits) {
            throw new FieldOperationException(FieldFailure.INVALID_VALUE, "metric " + r.point() + " of device "
                    + deviceId + " is " + declared + " and cannot take " + (v == null ? "no value" : m.type()
                    + " " + v));
        }
        return v;
    }

    private void refused(final String deviceId, final String metric, final String reason) {
        metrics.commandsRefused.increment();
        LOG.warnf("DCMD write of %s on %s refused: %s", metric, deviceId, reason);
    }
}
