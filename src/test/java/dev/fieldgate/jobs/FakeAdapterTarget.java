package dev.fieldgate.jobs;

import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The field side of a rollout without devices: the gateway's real loader and profiles, reloads recorded, and
 * devices that answer after a reload only when the test says they do.
 */
final class FakeAdapterTarget implements AdapterTarget {

    private final Path dir;
    private final AdapterLoader loader = new AdapterLoader(ProfileCatalog.load(Path.of("adapters/profiles")), id -> { });
    final List<String> reloads = new CopyOnWriteArrayList<>();
    final Map<String, DeviceStatus> statuses = new ConcurrentHashMap<>();
    final Map<String, Map<String, Reading>> latest = new ConcurrentHashMap<>();
    final Map<String, String> runners = new ConcurrentHashMap<>();
    /** Devices that answer with a good reading right after their adapter is reloaded. */
    final Map<String, String> answerAfterReload = new ConcurrentHashMap<>();
    volatile Runnable onReload = () -> { };

    FakeAdapterTarget(final Path dir) {
        this.dir = dir;
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public AdapterDefinition parse(final String file, final String name, final String yaml) {
        return loader.parse(file, name, yaml);
    }

    @Override
    public String reload(final String adapterName) {
        reloads.add(adapterName);
        onReload.run();
        answerAfterReload.forEach((device, adapter) -> {
            if (adapter.equals(adapterName)) {
                final long now = System.currentTimeMillis();
                statuses.put(device, new DeviceStatus(device, true, now, null));
                latest.put(device, Map.of("temperature", new Reading("temperature", 21.5, "°C", Quality.GOOD, now, null)));
            }
        });
        return "reloaded " + adapterName;
    }

    @Override
    public Optional<String> adapterOf(final String deviceId) {
        return Optional.ofNullable(runners.get(deviceId));
    }

    @Override
    public Optional<DeviceStatus> status(final String deviceId) {
        return Optional.ofNullable(statuses.get(deviceId));
    }

    @Override
    public Map<String, Reading> latest(final String deviceId) {
        return latest.getOrDefault(deviceId, Map.of());
    }
}
