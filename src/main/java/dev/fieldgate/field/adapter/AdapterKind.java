package dev.fieldgate.field.adapter;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a field connection speaks. */
public enum AdapterKind {
    /** Modbus TCP to a device, or to a gateway bridging to RTU units (unit ids address them). */
    MODBUS_TCP("modbus-tcp", true),
    /** Modbus RTU on a serial line (RS-485 or RS-232). */
    MODBUS_RTU("modbus-rtu", true),
    /** Modbus RTU frames, CRC included, carried over TCP by a serial device server. */
    MODBUS_RTU_OVER_TCP("modbus-rtu-over-tcp", true),
    /** A serial device that prints lines or frames by itself. */
    SERIAL_SENSOR("serial-sensor", false),
    /** A device that publishes on the plant's local MQTT broker. */
    MQTT("mqtt", false),
    /** A remote Sparkplug B edge node (or one of its devices) on the plant broker, read as a host application. */
    SPARKPLUG("sparkplug", false);

    private final String configName;
    private final boolean modbus;

    AdapterKind(final String configName, final boolean modbus) {
        this.configName = configName;
        this.modbus = modbus;
    }

    /** @return the name used in adapter files. */
    public String configName() {
        return configName;
    }

    /** @return true for the polled Modbus kinds. */
    public boolean isModbus() {
        return modbus;
    }

    /** @return true when the connection is a serial port. */
    public boolean isSerial() {
        return this == MODBUS_RTU || this == SERIAL_SENSOR;
    }

    /** @return the kind named {@code name}, or empty. */
    public static Optional<AdapterKind> fromConfigName(final String name) {
        return Arrays.stream(values()).filter(k -> k.configName.equals(name.trim())).findFirst();
    }

    /** @return every kind's name, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(AdapterKind::configName).collect(Collectors.joining(", "));
    }
}
