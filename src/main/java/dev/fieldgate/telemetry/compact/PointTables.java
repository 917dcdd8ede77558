package dev.fieldgate.telemetry.compact;

import dev.fieldgate.field.Reading;
import dev.fieldgate.telemetry.compact.proto.PointInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current point table of every device, grown from the readings themselves: whatever the adapter kind, a
 * point first seen gets the next alias, and a unit or value type that changes makes a new table. Tables are
 * bounded by the points the adapters configure; the devices no longer configured are forgotten by
 * {@link #retainOnly}.
 */
public final class PointTables {

    /** Points per device at most: far above any real device, a guard against a source inventing names. */
    public static final int MAX_POINTS = 4096;

    private final String gateway;
    private final Map<String, DeviceTable> byDevice = new ConcurrentHashMap<>();
    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    /** @param gateway the gateway's id, written into every table */
    public PointTables(final String gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * A device's table for a batch.
     *
     * @param device    the device
     * @param readings  its readings
     * @return the table every reading fits, and whether it still has to be announced (sent as a schema message
     *         ahead of the batch): new, changed, or asked for again
     * @throws IllegalStateException when the device would exceed {@link #MAX_POINTS}
     */
    public Resolved resolve(final String device, final List<Reading> readings) {
        final PointTable table = byDevice.compute(device, (d, current) -> grown(d, current, readings)).table();
        final boolean announce = announced.add(device + '\0' + table.id());
        return new Resolved(table, announce);
    }

    /** Makes the next batch of the device send its table again (a consumer asked for it). */
    public void announceAgain(final String device) {
        announced.removeIf(key -> key.startsWith(device + '\0'));
    }

    /**
     * Makes every device's next batch send its table again. Called when the uplink connects: messages stored
     * from then on may overtake a backlog that holds the tables (live data goes alongside the backlog), so
     * the live stream carries its own.
     */
    public void announceAllAgain() {
        announced.clear();
    }

    /** Forgets devices that are not configured any more. */
    public void retainOnly(final Set<String> devices) {
        byDevice.keySet().retainAll(devices);
        announced.removeIf(key -> !devices.contains(key.substring(0, key.indexOf('\0'))));
    }

    private DeviceTable grown(final String device, final DeviceTable current, final List<Reading> readings) {
        if (current != null && current.fits(readings)) {
            return current;   // the usual case: nothing to copy
        }
        final DeviceTable from = current == null
                ? new DeviceTable(PointTable.of(gateway, device, List.of()), List.of()) : current;
        final List<PointInfo> points = new ArrayList<>(from.table().points());
        final List<ValueStats> stats = new ArrayList<>(from.stats());
        final Map<String, Integer> aliases = new HashMap<>(from.table().aliases());
        boolean statsChanged = false;
        boolean tableChanged = current == null;
        for (final Reading r : readings) {
            Integer alias = aliases.get(r.point());
            if (alias == null) {
                if (points.size() >= MAX_POINTS) {
                    throw new IllegalStateException("device " + device + " has more than " + MAX_POINTS + " points");
                }
                alias = points.size();
                aliases.put(r.point(), alias);
                points.add(PointInfo.newBuilder().setAlias(alias).setName(r.point()).setUnit(r.unit()).build());
                stats.add(ValueStats.NONE);
                tableChanged = true;
            }
            final ValueStats before = stats.get(alias);
            final ValueStats after = r.value() == null ? before : before.with(r.value());
            if (after != before) {
                stats.set(alias, after);
                statsChanged = true;
            }
            final PointInfo known = points.get(alias);
            final PointInfo fitted = after.type().setAlias(alias).setName(r.point()).setUnit(r.unit()).build();
            if (!fitted.equals(known)) {
                points.set(alias, fitted);
                tableChanged = true;
            }
        }
        if (tableChanged) {
            return new DeviceTable(PointTable.of(gateway, device, points), stats);
        }
        return statsChanged ? new DeviceTable(from.table(), stats) : from;
    }

    /**
     * @param table     the table to encode with
     * @param announce  true when the table is to be sent ahead of the batch
     */
    public record Resolved(PointTable table, boolean announce) {
    }

    /** A device's table and what its points' values had in common, by alias. */
    private record DeviceTable(PointTable table, List<ValueStats> stats) {

        /** @return true when every reading's point is known, with its unit, and its value changes no statistic */
        boolean fits(final List<Reading> readings) {
            for (final Reading r : readings) {
                final Integer alias = table.aliases().get(r.point());
                if (alias == null || !table.point(alias).getUnit().equals(r.unit())) {
                    return false;
                }
                final ValueStats s = stats.get(alias);
                if (r.value() != null && s.with(r.value()) != s) {
                    return false;
                }
            }
            return true;
        }
    }
}
