package dev.fieldgate.jobs;

import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.adapter.AdapterDefinition;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What an adapter rollout needs of the field side: its files, its loader, and how the devices are doing. */
interface AdapterTarget {

    /** @return the adapter directory */
    Path dir();

    /**
     * Parses a file with the gateway's own loader.
     *
     * @throws dev.fieldgate.field.adapter.AdapterConfigException naming line and key
     */
    AdapterDefinition parse(String file, String name, String yaml);

    /** Reads one adapter's file again and applies it. @throws IllegalArgumentException when it is invalid */
    String reload(String adapterName);

    /** @return the adapter that runs the device now */
    Optional<String> adapterOf(String deviceId);

    /** @return the device's state */
    Optional<DeviceStatus> status(String deviceId);

    /** @return the device's latest readings by point, as stored */
    Map<String, Reading> latest(String deviceId);
}
