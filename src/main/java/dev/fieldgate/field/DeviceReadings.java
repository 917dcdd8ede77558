package dev.fieldgate.field;

import java.util.List;
import java.util.Objects;

/**
 * The readings of one device from one poll: the unit that is buffered and published as one message.
 *
 * @param deviceId the device's id (its cloud thing name part)
 * @param readings at least one reading
 */
public record DeviceReadings(String deviceId, List<Reading> readings) {

    /** Copies the list and rejects empty batches. */
    public DeviceReadings {
        Objects.requireNonNull(deviceId, "deviceId");
        readings = List.copyOf(readings);
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("empty batch for device " + deviceId);
        }
    }
}
