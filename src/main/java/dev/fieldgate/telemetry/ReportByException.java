package dev.fieldgate.telemetry;

import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.Reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps from telemetry the readings of {@code report: on-change} points that say nothing new: a value within
 * the deadband of the last one sent, with the same quality, sent less than a heartbeat ago. Consumers hold a
 * point's last value until the next message about it. Every other point passes untouched.
 *
 * <p>What was last sent is remembered per point of the devices that run; a restart sends every point once.
 */
public final class ReportByException {

    private final DeviceDirectory devices;
    private final Map<String, Map<String, Sent>> lastSent = new ConcurrentHashMap<>();

    /** @param devices the devices and their points' reporting settings */
    public ReportByException(final DeviceDirectory devices) {
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    /**
     * @param batch a device poll
     * @return the readings to send, possibly none; the batch itself when all are to go
     */
    public List<Reading> filter(final DeviceReadings batch) {
        List<Reading> kept = null;
        final List<Reading> readings = batch.readings();
        for (int i = 0; i < readings.size(); i++) {
            final Reading r = readings.get(i);
            final boolean send = shouldSend(batch.deviceId(), r);
            if (!send && kept == null) {
                kept = new ArrayList<>(readings.subList(0, i));
            } else if (send && kept != null) {
                kept.add(r);
            }
        }
        return kept == null ? readings : kept;
    }

    /**
     * Takes back what {@link #filter} recorded as sent for readings that then did not reach the outbox (full,
     * unwritable), so that the next poll sends them instead of judging them unchanged.
     *
     * @param deviceId  the device
     * @param readings  readings {@link #filter} let through
     */
    public void notSent(final String deviceId, final List<Reading> readings) {
        final Map<String, Sent> sent = lastSent.get(deviceId);
        if (sent == null) {
            return;
        }
        for (final Reading r : readings) {
            // only if nothing newer was recorded meanwhile
            sent.remove(r.point(), new Sent(r.value(), r.quality(), r.timestamp()));
        }
    }

    /** Forgets what was sent for devices that no longer run. */
    public void forgetRemovedDevices() {
        lastSent.keySet().retainAll(devices.deviceIds());
    }

    private boolean shouldSend(final String device, final Reading r) {
        final Reporting reporting = devices.options(device, r.point()).map(PointOptions::report)
                .orElse(Reporting.EVERY_POLL);
        if (!reporting.onChange()) {
            return true;
        }
        final Map<String, Sent> sent = lastSent.computeIfAbsent(device, d -> new ConcurrentHashMap<>());
        final Sent last = sent.get(r.point());
        if (last != null && last.quality() == r.quality()
                && r.timestamp() - last.at() < reporting.heartbeat().toMillis()
                && !Reporting.changed(last.value(), r.value(), reporting.deadband())) {
            return false;
        }
        sent.put(r.point(), new Sent(r.value(), r.quality(), r.timestamp()));
        return true;
    }

    /** The last reading of a point that went upstream. */
    private record Sent(Object value, Quality quality, long at) {
    }
}
