package dev.fieldgate.telemetry.compact;

import dev.fieldgate.telemetry.compact.proto.PointInfo;
import dev.fieldgate.telemetry.compact.proto.Schema;
import dev.fieldgate.telemetry.compact.proto.ValueType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * One version of a device's point table in the compact encoding: each point's alias, unit and value type.
 * Immutable; a new point, unit or type makes a new table with a new id.
 *
 * @param id       CRC-32 of the table's content: equal tables have equal ids, also across restarts
 * @param gateway  the gateway's id
 * @param device   the device's id
 * @param points   ordered by alias, which is the position
 */
public record PointTable(int id, String gateway, String device, List<PointInfo> points) {

    /** Copies the list. */
    public PointTable {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(device, "device");
        points = List.copyOf(points);
    }

    /**
     * @param gateway  the gateway's id
     * @param device   the device's id
     * @param points   ordered by alias
     * @return the table with its content id
     */
    public static PointTable of(final String gateway, final String device, final List<PointInfo> points) {
        final CRC32 crc = new CRC32();
        crc.update(Schema.newBuilder().setGateway(gateway).setDevice(device).addAllPoints(points).build().toByteArray());
        return new PointTable((int) crc.getValue(), gateway, device, points);
    }

    /** @return the point of that alias */
    public PointInfo point(final int alias) {
        return points.get(alias);
    }

    /** @return a name → alias index, for encoding */
    Map<String, Integer> aliases() {
        final Map<String, Integer> out = new HashMap<>(points.size() * 2);
        for (final PointInfo p : points) {
            out.put(p.getName(), p.getAlias());
        }
        return out;
    }

    /** @return the schema message describing this table */
    public Schema toSchema() {
        return Schema.newBuilder().setId(id).setGateway(gateway).setDevice(device).addAllPoints(points).build();
    }

    /** @return the value type of a value as it would be sent on its own */
    static ValueType naturalType(final Object value) {
        if (value instanceof Long) {
            return ValueType.INTEGER;
        }
        if (value instanceof Boolean) {
            return ValueType.BOOLEAN;
        }
        if (value instanceof Double) {
            final double d = (Double) value;
            return Double.doubleToRawLongBits((float) d) == Double.doubleToRawLongBits(d) ? ValueType.FLOAT
                    : ValueType.DOUBLE;
        }
        return ValueType.TEXT;
    }

    /**
     * The type a point must have so that it carries {@code value} exactly, given the type it had so far. Types
     * only widen (integer and float to double, anything mixed to text), so that a point does not flip back and
     * forth between tables.
     *
     * @param current  the point's type so far, or null for a new point
     * @param value    a good reading's value
     * @return the type, {@code current} when it already fits
     */
    static ValueType widen(final ValueType current, final Object value) {
        final ValueType natural = naturalType(value);
        if (current == null || current == natural || current == ValueType.TEXT) {
            return current == null ? natural : current;
        }
        if (isNumeric(current) && isNumeric(natural)) {
            if (current == ValueType.FLOAT && natural == ValueType.INTEGER && fitsFloat((Long) value)) {
                return ValueType.FLOAT;
            }
            final boolean exact = natural != ValueType.INTEGER || fitsDouble((Long) value);
            return exact ? ValueType.DOUBLE : ValueType.TEXT;
        }
        return ValueType.TEXT;
    }

    private static boolean isNumeric(final ValueType t) {
        return t == ValueType.INTEGER || t == ValueType.FLOAT || t == ValueType.DOUBLE;
    }

    private static boolean fitsFloat(final long v) {
        return (long) (float) v == v && Math.abs(v) < (1L << 24);
    }

    private static boolean fitsDouble(final long v) {
        return Math.abs(v) <= (1L << 53);
    }
}
