package dev.fieldgate.field.run;

import dev.fieldgate.field.Device;
import dev.fieldgate.field.DeviceControl;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.FieldSource;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.adapter.AdapterConfigException;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ConfigFiles;
import dev.fieldgate.field.adapter.ConfigProblem;
import dev.fieldgate.field.serial.SensorSpec;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The adapters that run, each with its reading thread, and the directory of their devices. One adapter can
 * be reloaded from its file while the others keep running.
 */
final class RunningAdapters implements DeviceDirectory {

    private static final Logger LOG = Logger.getLogger(RunningAdapters.class);

    /** An adapter and its reader. */
    private record Running(AdapterDefinition definition, FieldSource source) {
    }

    /**
     * One device's entry in the directory, built when adapters change: the shadow reporter asks for a point's
     * options on every reading, so lookups must not search lists.
     */
    private record Entry(Running running, List<String> pointNames, Map<String, Point> modbusPoints,
                         PointOptions sensorOptions) {
    }

    private final Map<String, Running> byAdapter = new LinkedHashMap<>();
    private volatile Map<String, Entry> byDevice = Map.of();
    private final Function<AdapterDefinition, FieldSource> sources;
    private final AdapterLoader loader;
    private final Path dir;

    /**
     * @param sources  makes the reader of an adapter
     * @param loader   parses adapter files for reloads
     * @param dir      where adapter files live
     */
    RunningAdapters(final Function<AdapterDefinition, FieldSource> sources, final AdapterLoader loader, final Path dir) {
        this.sources = sources;
        this.loader = loader;
        this.dir = dir;
    }

    /** Starts the enabled adapters among {@code adapters}. */
    synchronized void startAll(final List<AdapterDefinition> adapters) {
        adapters.forEach(this::add);
        reindex();
    }

    /** @return how many adapters run. */
    synchronized int size() {
        return byAdapter.size();
    }

    /**
     * Reads the adapter's file again and replaces the running adapter with it; a removed or disabled file
     * stops it. The old adapter keeps running when the file is invalid.
     *
     * @return a sentence saying what happened
     * @throws AdapterConfigException (as a {@link ConfigProblem} message) when the file is invalid
     */
    synchronized String reload(final String adapterName) {
        final Path file = fileOf(adapterName);
        final Running old = byAdapter.get(adapterName);
        if (file == null) {
            if (old == null) {
                throw new IllegalArgumentException("no adapter file " + adapterName + ".yaml in " + dir);
            }
            stop(adapterName);
            reindex();
            return "adapter " + adapterName + " stopped: its file is gone";
        }
        final AdapterDefinition def;
        try {
            def = loader.parse(file.toString(), adapterName, ConfigFiles.read(dir, file));
        } catch (final AdapterConfigException e) {
            throw new IllegalArgumentException(new ConfigProblem(file.toString(), e.line(), e.key(), e.getMessage())
                    .toString(), e);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (final String id : def.deviceIds()) {
            final Entry owner = byDevice.get(id);
            if (owner != null && !owner.running().definition().name().equals(adapterName)) {
                throw new IllegalArgumentException(file + ": device id '" + id + "' is already used by adapter "
                        + owner.running().definition().name());
            }
        }
        stop(adapterName);
        add(def);
        reindex();
        LOG.infof("Adapter %s reloaded from %s", adapterName, file);
        return "adapter " + adapterName + (def.enabled() ? " reloaded" : " disabled") + " with "
                + def.deviceIds().size() + " device(s)";
    }

    /** Stops every adapter. */
    synchronized void stopAll() {
        byAdapter.values().forEach(r -> r.source().stop());
        byAdapter.clear();
        reindex();
    }

    private void add(final AdapterDefinition def) {
        if (!def.enabled()) {
            return;
        }
        final FieldSource source = sources.apply(def);
        byAdapter.put(def.name(), new Running(def, source));
        source.start();
    }

    private void stop(final String adapterName) {
        final Running r = byAdapter.remove(adapterName);
        if (r != null) {
            r.source().stop();
        }
    }

    private void reindex() {
        final Map<String, Entry> index = new LinkedHashMap<>();
        for (final Running r : byAdapter.values()) {
            r.definition().sensor().ifPresent(s -> index.put(s.deviceId(), new Entry(r,
                    s.points().stream().map(SensorSpec.SensorPoint::name).toList(), Map.of(),
                    PointOptions.READ_ONLY.withReport(s.report()))));
            for (final Device d : r.definition().devices()) {
                final Map<String, Point> points = new LinkedHashMap<>();
                d.points().forEach(p -> points.put(p.name(), p));
                index.put(d.id(), new Entry(r, List.copyOf(points.keySet()), Map.copyOf(points), PointOptions.READ_ONLY));
            }
        }
        byDevice = Map.copyOf(index);
    }

    private Path fileOf(final String adapterName) {
        if (!adapterName.matches("[A-Za-z0-9_.-]{1,128}") || adapterName.startsWith(".")) {
            throw new IllegalArgumentException("'" + adapterName + "' is not an adapter name");
        }
        for (final String ext : new String[] {".yaml", ".yml"}) {
            final Path f = dir.resolve(adapterName + ext);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    @Override
    public Set<String> deviceIds() {
        return new TreeSet<>(byDevice.keySet());
    }

    @Override
    public boolean exists(final String deviceId) {
        return byDevice.containsKey(deviceId);
    }

    @Override
    public List<String> pointNames(final String deviceId) {
        final Entry e = byDevice.get(deviceId);
        return e == null ? List.of() : e.pointNames();
    }

    @Override
    public Optional<Point> modbusPoint(final String deviceId, final String point) {
        final Entry e = byDevice.get(deviceId);
        return e == null ? Optional.empty() : Optional.ofNullable(e.modbusPoints().get(point));
    }

    @Override
    public Optional<PointOptions> options(final String deviceId, final String point) {
        final Entry e = byDevice.get(deviceId);
        if (e == null) {
            return Optional.empty();
        }
        final Point p = e.modbusPoints().get(point);
        if (p != null) {
            return Optional.of(p.options());
        }
        return e.pointNames().contains(point) ? Optional.of(e.sensorOptions()) : Optional.empty();
    }

    @Override
    public Optional<DeviceControl> control(final String deviceId) {
        final Entry e = byDevice.get(deviceId);
        return e != null && e.running().source() instanceof DeviceControl
                ? Optional.of((DeviceControl) e.running().source()) : Optional.empty();
    }

    @Override
    public Optional<DeviceStatus> status(final String deviceId) {
        final Entry e = byDevice.get(deviceId);
        return e == null ? Optional.empty() : Optional.ofNullable(e.running().source().status(deviceId));
    }

    @Override
    public Optional<String> adapterOf(final String deviceId) {
        final Entry e = byDevice.get(deviceId);
        return e == null ? Optional.empty() : Optional.of(e.running().definition().name());
    }
}
