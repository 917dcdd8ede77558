package dev.fieldgate.field.adapter;

import dev.fieldgate.field.Device;

import java.util.List;
import java.util.Objects;

/**
 * One field connection as loaded from one adapter file.
 *
 * @param name        the file name without extension; unique in the adapter directory
 * @param file        the file it was loaded from, for messages
 * @param enabled     false keeps the definition but starts no poller
 * @param connection  where the devices are reached
 * @param devices     the devices behind the connection, at least one
 */
public record AdapterDefinition(String name, String file, boolean enabled, ModbusTcpConnection connection,
                                List<Device> devices) {

    /** Copies the devices. */
    public AdapterDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(connection, "connection");
        devices = List.copyOf(devices);
    }
}
