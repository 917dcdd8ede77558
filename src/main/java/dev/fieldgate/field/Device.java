package dev.fieldgate.field;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One addressable device behind a field connection.
 *
 * @param id      device id, unique in the gateway; a topic level, so it is restricted to AWS thing-name characters
 * @param unitId  Modbus unit (slave) id, 0..255 (0 and 255 are common for plain Modbus TCP devices)
 * @param points  the points to poll, at least one, names unique
 * @param maxGap  largest run of unused registers a single read request may span to join two points
 */
public record Device(String id, int unitId, List<Point> points, int maxGap) {

    /** AWS IoT thing-name characters; also safe as an MQTT topic level and a file name. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_:-]{1,128}");

    /** Validates id, unit id, gap and point-name uniqueness, and copies the points. */
    public Device {
        Objects.requireNonNull(id, "id");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("device id '" + id + "' must be 1-128 of A-Z a-z 0-9 _ : -");
        }
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit-id " + unitId + " outside 0..255");
        }
        if (maxGap < 0 || maxGap > RegisterType.MAX_REGISTERS_PER_REQUEST) {
            throw new IllegalArgumentException("max-gap " + maxGap + " outside 0.." + RegisterType.MAX_REGISTERS_PER_REQUEST);
        }
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("device " + id + " has no points");
        }
        final Set<String> names = new HashSet<>();
        for (final Point p : points) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("point name '" + p.name() + "' appears twice in device " + id);
            }
        }
    }
}
