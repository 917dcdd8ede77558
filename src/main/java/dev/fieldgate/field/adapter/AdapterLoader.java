package dev.fieldgate.field.adapter;

import dev.fieldgate.field.Device;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.RegisterType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Loads adapter files (one field connection per file) from a directory. A file with any problem is
 * rejected as a whole and reported with file, line, key and reason; every other file still loads.
 */
public final class AdapterLoader {

    private static final String[] MODBUS_ROOT_KEYS = {"kind", "enabled", "connection", "defaults", "devices"};
    private static final String[] SENSOR_ROOT_KEYS = {"kind", "enabled", "connection", "device"};
    private static final String[] DEVICE_KEYS = {"id", "unit-id", "profile", "points", "interval", "max-gap",
        "byte-order", "word-order", "shadow", "deadband", "report", "report-deadband", "heartbeat"};

    private final ProfileCatalog profiles;
    private final Consumer<String> deviceIdCheck;

    /**
     * @param profiles       the profiles devices may reference
     * @param deviceIdCheck  extra check of each device id, e.g. that the topics it yields are valid; throws
     *                       IllegalArgumentException with the reason
     */
    public AdapterLoader(final ProfileCatalog profiles, final Consumer<String> deviceIdCheck) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.deviceIdCheck = Objects.requireNonNull(deviceIdCheck, "deviceIdCheck");
    }

    /**
     * The outcome of loading a directory.
     *
     * @param adapters  the accepted definitions, in file-name order
     * @param problems  one entry per rejected file
     */
    public record Result(List<AdapterDefinition> adapters, List<ConfigProblem> problems) {
        /** Copies both lists. */
        public Result {
            adapters = List.copyOf(adapters);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Loads every {@code *.yaml}/{@code *.yml} file directly in {@code dir} (subdirectories such as
     * {@code profiles/} are not adapter files).
     *
     * @param dir the adapter directory; missing means no adapters
     * @return accepted definitions and problems
     */
    public Result loadDirectory(final Path dir) {
        final List<ConfigProblem> problems = new ArrayList<>(profiles.problems());
        final List<AdapterDefinition> adapters = new ArrayList<>();
        final Map<String, String> deviceOwners = new HashMap<>();
        for (final Path file : ConfigFiles.list(dir, problems)) {
            final String label = file.toString();
            try {
                final AdapterDefinition def = parse(label, adapterName(file), ConfigFiles.read(dir, file));
                claimDeviceIds(def, deviceOwners);
                adapters.add(def);
            } catch (final AdapterConfigException e) {
                problems.add(new ConfigProblem(label, e.line(), e.key(), e.getMessage()));
            } catch (final IOException e) {
                problems.add(new ConfigProblem(label, 0, "", "cannot read: " + e.getMessage()));
            }
        }
        return new Result(adapters, problems);
    }

    /**
     * Parses one adapter file.
     *
     * @param file  the file's name for messages
     * @param name  the adapter's name
     * @param yaml  the file's text
     * @return the definition
     * @throws AdapterConfigException naming key and line of the first problem
     */
    public AdapterDefinition parse(final String file, final String name, final String yaml) {
        final YamlNode root = YamlNode.parse(yaml);
        final YamlNode kindNode = root.required("kind");
        final AdapterKind kind = AdapterKind.fromConfigName(kindNode.text()).orElseThrow(() -> kindNode.problem(
                "unknown kind '" + kindNode.text() + "'; supported: " + AdapterKind.names()));
        root.allowOnly(kind.isModbus() ? MODBUS_ROOT_KEYS : SENSOR_ROOT_KEYS);
        final FieldConnection connection = ConnectionParser.parse(root.required("connection"), kind);
        final boolean enabled = root.optional("enabled").map(YamlNode::bool).orElse(true);
        if (kind == AdapterKind.SPARKPLUG) {
            return new AdapterDefinition(name, file, kind, enabled, connection, List.of(),
                    Optional.of(SensorParser.parseMetrics(root.required("device"), deviceIdCheck)));
        }
        if (!kind.isModbus()) {
            return new AdapterDefinition(name, file, kind, enabled, connection, List.of(),
                    Optional.of(SensorParser.parse(root.required("device"), deviceIdCheck, profiles,
                            kind == AdapterKind.MQTT)));
        }
        final PointDefaults defaults = root.optional("defaults")
                .map(d -> PointDefaults.BUILT_IN.overriddenBy(d.allowOnly(PointDefaults.KEYS)))
                .orElse(PointDefaults.BUILT_IN);
        final List<Device> devices = new ArrayList<>();
        final Map<String, YamlNode> seen = new HashMap<>();
        for (final YamlNode d : root.required("devices").items()) {
            final Device device = device(d, defaults);
            if (seen.put(device.id(), d) != null) {
                throw d.required("id").problem("device id '" + device.id() + "' appears twice in this file");
            }
            devices.add(device);
        }
        if (devices.isEmpty()) {
            throw root.required("devices").problem("an adapter needs at least one device");
        }
        return new AdapterDefinition(name, file, kind, enabled, connection, devices, Optional.empty());
    }

    private Device device(final YamlNode node, final PointDefaults fileDefaults) {
        node.allowOnly(DEVICE_KEYS);
        final String id = deviceId(node, deviceIdCheck);
        final int unitId = node.required("unit-id").integer(0, 255);
        final int maxGap = node.optional("max-gap").map(n -> n.integer(0, RegisterType.MAX_REGISTERS_PER_REQUEST))
                .orElse(0);
        final List<Point> points = node.has("profile") ? profilePoints(node) : ownPoints(node, fileDefaults);
        try {
            return new Device(id, unitId, points, maxGap);
        } catch (final IllegalArgumentException e) {
            throw node.problem(e.getMessage());
        }
    }

    private List<Point> ownPoints(final YamlNode device, final PointDefaults fileDefaults) {
        final PointDefaults defaults = fileDefaults.overriddenBy(device);
        final YamlNode list = device.optional("points")
                .orElseThrow(() -> device.problem("a device needs either 'profile' or 'points'"));
        final List<Point> points = new ArrayList<>();
        for (final YamlNode p : list.items()) {
            points.add(PointParser.parse(p, defaults));
        }
        if (points.isEmpty()) {
            throw list.problem("a device needs at least one point");
        }
        return points;
    }

    private List<Point> profilePoints(final YamlNode device) {
        final YamlNode ref = device.required("profile");
        if (device.has("points")) {
            throw device.required("points").problem("set either 'profile' or 'points', not both");
        }
        for (final String orderKey : new String[] {"byte-order", "word-order"}) {
            if (device.has(orderKey)) {
                throw device.required(orderKey).problem(orderKey + " comes from the profile; "
                        + "copy the profile and change it there if the device really differs");
            }
        }
        final DeviceProfile profile = profiles.find(ref.nonBlank()).orElseThrow(() -> ref.problem(
                "no profile '" + ref.text() + "' in the catalogue; known: " + String.join(", ", profiles.all().keySet())));
        final Duration interval = device.optional("interval").map(PointParser::interval).orElse(null);
        final Optional<Boolean> shadow = device.optional("shadow").map(YamlNode::bool);
        final Optional<Double> deadband = device.optional("deadband").map(PointParser::deadband);
        final List<Point> points = new ArrayList<>();
        for (final DeviceProfile.ProfilePoint pp : profile.points()) {
            Point p = interval == null || pp.explicitInterval() ? pp.point() : pp.point().withInterval(interval);
            // the device's own shadow settings win over the profile's: the profile cannot know this plant
            if (shadow.isPresent() || deadband.isPresent()) {
                final PointOptions o = p.options();
                p = p.withOptions(new PointOptions(o.writable(), o.min(), o.max(), shadow.orElse(o.shadow()),
                        deadband.orElse(o.deadband()), o.report()));
            }
            // and so do its reporting settings, key by key
            p = p.withOptions(p.options().withReport(ReportingParser.overriddenBy(device, p.options().report())));
            points.add(p);
        }
        return points;
    }

    /** Reads and checks a device's {@code id}: the id pattern, then the caller's rule (its topics). */
    static String deviceId(final YamlNode device, final Consumer<String> check) {
        final YamlNode idNode = device.required("id");
        final String id = idNode.nonBlank();
        if (!Device.ID_PATTERN.matcher(id).matches()) {
            throw idNode.problem("device id '" + id + "' must be 1-128 of A-Z a-z 0-9 _ : -");
        }
        try {
            check.accept(id);
        } catch (final IllegalArgumentException e) {
            throw idNode.problem(e.getMessage());
        }
        return id;
    }

    private static void claimDeviceIds(final AdapterDefinition def, final Map<String, String> owners) {
        if (!def.enabled()) {
            return;   // a disabled file claims nothing: enabling it later is checked against what runs then
        }
        for (final String id : def.deviceIds()) {
            final String owner = owners.get(id);
            if (owner != null) {
                throw new AdapterConfigException(def.kind().isModbus() ? "devices" : "device.id", 0, "device id '" + id
                        + "' is already used by adapter file " + owner);
            }
        }
        def.deviceIds().forEach(id -> owners.put(id, def.file()));
    }

    private static String adapterName(final Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }
}
