package dev.fieldgate.field.adapter;

import dev.fieldgate.field.serial.SerialLine;
import dev.fieldgate.field.serial.SensorSpec;

import dev.fieldgate.field.Device;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One field connection as loaded from one adapter file.
 *
 * @param name        the file name without extension; unique in the adapter directory
 * @param file        the file it was loaded from, for messages
 * @param kind        what the connection speaks
 * @param enabled     false keeps the definition but starts nothing
 * @param connection  where the devices are reached; a {@link SerialLine} for serial kinds, else a {@link TcpEndpoint}
 * @param devices     the polled devices (Modbus kinds), at least one; empty for a serial sensor
 * @param sensor      the device a serial sensor adapter reads (serial-sensor kind only)
 */
public record AdapterDefinition(String name, String file, AdapterKind kind, boolean enabled,
                                FieldConnection connection, List<Device> devices, Optional<SensorSpec> sensor) {

    /** Checks that the parts fit the kind. */
    public AdapterDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(sensor, "sensor");
        devices = List.copyOf(devices);
        if (kind.isSerial() != (connection instanceof SerialLine)) {
            throw new IllegalArgumentException(kind.configName() + " needs a " + (kind.isSerial() ? "serial" : "TCP")
                    + " connection");
        }
        if (kind.isModbus() == devices.isEmpty() || kind.isModbus() == sensor.isPresent()) {
            throw new IllegalArgumentException(kind.configName() + (kind.isModbus() ? " polls devices" : " reads one sensor"));
        }
    }

    /** @return e.g. {@code modbus-rtu://serial:///dev/ttyUSB0} or {@code modbus-tcp://10.0.0.5:502}, for logs. */
    public String uri() {
        return kind.configName() + "://" + (connection instanceof SerialLine ? "serial://" : "") + connection.address();
    }

    /** @return the ids of the devices this adapter publishes for. */
    public List<String> deviceIds() {
        return sensor.map(s -> List.of(s.deviceId())).orElseGet(() -> devices.stream().map(Device::id).toList());
    }
}
