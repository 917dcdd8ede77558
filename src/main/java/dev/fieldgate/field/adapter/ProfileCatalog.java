package dev.fieldgate.field.adapter;

import dev.fieldgate.field.Point;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The device profiles found in a directory; bad profile files are reported, the good ones kept. */
public final class ProfileCatalog {

    private static final String[] KEYS = {"profile", "manufacturer", "model", "source", "defaults", "points"};
    private static final String[] SENSOR_KEYS = {"profile", "manufacturer", "model", "source", "parser", "points",
        "interval"};

    private final Map<String, DeviceProfile> profiles;
    private final Map<String, SensorProfile> sensorProfiles;
    private final List<ConfigProblem> problems;

    private ProfileCatalog(final Map<String, DeviceProfile> profiles, final Map<String, SensorProfile> sensorProfiles,
                           final List<ConfigProblem> problems) {
        this.profiles = Collections.unmodifiableMap(profiles);
        this.sensorProfiles = Collections.unmodifiableMap(sensorProfiles);
        this.problems = List.copyOf(problems);
    }

    /**
     * A serial sensor model: how its output is parsed and which fields are published.
     *
     * @param name          referenced as {@code device.profile}
     * @param manufacturer  who makes it
     * @param model         the model
     * @param source        the document the profile was written from
     * @param sensor        parser, points and interval; its device id is the profile name (the device's own id
     *                      replaces it)
     */
    public record SensorProfile(String name, String manufacturer, String model, String source,
                                dev.fieldgate.field.serial.SensorSpec sensor) {
    }

    /** @return a catalogue without profiles. */
    public static ProfileCatalog empty() {
        return new ProfileCatalog(new TreeMap<>(), new TreeMap<>(), List.of());
    }

    /**
     * Loads every {@code *.yaml}/{@code *.yml} file of {@code dir}; a missing directory gives an empty catalogue.
     *
     * @param dir the profile directory
     * @return the catalogue with its problems
     */
    public static ProfileCatalog load(final Path dir) {
        final Map<String, DeviceProfile> found = new TreeMap<>();
        final Map<String, SensorProfile> sensors = new TreeMap<>();
        final List<ConfigProblem> problems = new ArrayList<>();
        for (final Path file : ConfigFiles.list(dir, problems)) {
            try {
                final YamlNode root = YamlNode.parse(ConfigFiles.read(dir, file));
                final String name = root.required("profile").nonBlank();
                if (found.containsKey(name) || sensors.containsKey(name)) {
                    throw new AdapterConfigException("profile", 0, "profile '" + name + "' is defined twice");
                }
                if (root.has("parser")) {
                    sensors.put(name, parseSensor(root));
                } else {
                    found.put(name, parse(root));
                }
            } catch (final AdapterConfigException e) {
                problems.add(new ConfigProblem(file.toString(), e.line(), e.key(), e.getMessage()));
            } catch (final IOException e) {
                problems.add(new ConfigProblem(file.toString(), 0, "", "cannot read: " + e.getMessage()));
            }
        }
        return new ProfileCatalog(found, sensors, problems);
    }

    private static SensorProfile parseSensor(final YamlNode root) {
        root.allowOnly(SENSOR_KEYS);
        final String name = root.required("profile").nonBlank();
        return new SensorProfile(name, root.optional("manufacturer").map(YamlNode::text).orElse(""),
                root.optional("model").map(YamlNode::text).orElse(""),
                root.optional("source").map(YamlNode::text).orElse(""),
                SensorParser.parseBody(root, name, false));
    }

    /** @return the serial sensor profile called {@code name}. */
    public Optional<SensorProfile> findSensor(final String name) {
        return Optional.ofNullable(sensorProfiles.get(name));
    }

    /** @return every serial sensor profile by name. */
    public Map<String, SensorProfile> allSensors() {
        return sensorProfiles;
    }

    /** @return the profile called {@code name}. */
    public Optional<DeviceProfile> find(final String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /** @return every profile by name. */
    public Map<String, DeviceProfile> all() {
        return profiles;
    }

    /** @return the files that were rejected and why. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    static DeviceProfile parse(final YamlNode root) {
        root.allowOnly(KEYS);
        final String name = root.required("profile").nonBlank();
        final PointDefaults defaults = root.optional("defaults")
                .map(d -> PointDefaults.BUILT_IN.overriddenBy(d.allowOnly(PointDefaults.KEYS)))
                .orElse(PointDefaults.BUILT_IN);
        final List<DeviceProfile.ProfilePoint> points = new ArrayList<>();
        for (final YamlNode p : root.required("points").items()) {
            final Point point = PointParser.parse(p, defaults);
            points.add(new DeviceProfile.ProfilePoint(point, p.has("interval")));
        }
        if (points.isEmpty()) {
            throw root.required("points").problem("a profile needs at least one point");
        }
        return new DeviceProfile(name, root.optional("manufacturer").map(YamlNode::text).orElse(""),
                root.optional("model").map(YamlNode::text).orElse(""),
                root.optional("source").map(YamlNode::text).orElse(""), points);
    }
}
