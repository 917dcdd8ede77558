package dev.fieldgate.field;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The devices this gateway serves right now, their points, and how to reach them on request. Thread-safe. */
public interface DeviceDirectory {

    /** @return ids of all running devices. */
    Set<String> deviceIds();

    /** @return true when the device runs on this gateway. */
    default boolean exists(final String deviceId) {
        return deviceIds().contains(deviceId);
    }

    /** @return the names of the device's points (Modbus points and serial sensor fields alike), empty if unknown. */
    List<String> pointNames(String deviceId);

    /** @return the Modbus point definition; empty for serial sensor points and unknown names. */
    Optional<Point> modbusPoint(String deviceId, String point);

    /** @return how the point is reported and whether it may be written; read-only defaults for sensor points. */
    Optional<PointOptions> options(String deviceId, String point);

    /** @return the reader that can read and write the device on request; empty for serial sensors. */
    Optional<DeviceControl> control(String deviceId);

    /** @return the device's current state, empty if unknown. */
    Optional<DeviceStatus> status(String deviceId);

    /** @return the name of the adapter (file) that defines the device, empty if unknown. */
    Optional<String> adapterOf(String deviceId);
}
