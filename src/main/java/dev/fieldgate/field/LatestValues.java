package dev.fieldgate.field;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The latest reading of every point, good or bad, for status answers and live views. Thread-safe. */
public final class LatestValues implements ReadingSink {

    private final Map<String, Map<String, Reading>> byDevice = new ConcurrentHashMap<>();

    @Override
    public void accept(final DeviceReadings batch) {
        final Map<String, Reading> points = byDevice.computeIfAbsent(batch.deviceId(), d -> new ConcurrentHashMap<>());
        batch.readings().forEach(r -> points.put(r.point(), r));
    }

    /** @return the device's latest readings by point name (a copy), empty when none arrived yet. */
    public Map<String, Reading> of(final String deviceId) {
        final Map<String, Reading> points = byDevice.get(deviceId);
        return points == null ? Map.of() : Map.copyOf(points);
    }
}
