package dev.fieldgate.telemetry.compact;

import dev.fieldgate.telemetry.compact.proto.PointInfo;
import dev.fieldgate.telemetry.compact.proto.Schema;

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
 * @param aliases  alias by point name, for encoding
 */
public record PointTable(int id, String gateway, String device, List<PointInfo> points, Map<String, Integer> aliases) {

    /** Copies the collections. */
    public PointTable {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(device, "device");
        points = List.copyOf(points);
        aliases = Map.copyOf(aliases);
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
        final Map<String, Integer> aliases = new HashMap<>(points.size() * 2);
        points.forEach(p -> aliases.put(p.getName(), p.getAlias()));
        return new PointTable((int) crc.getValue(), gateway, device, points, aliases);
    }

    /** @return the point of that alias */
    public PointInfo point(final int alias) {
        return points.get(alias);
    }

    /** @return the schema message describing this table */
    public Schema toSchema() {
        return Schema.newBuilder().setId(id).setGateway(gateway).setDevice(device).addAllPoints(points).build();
    }
}
