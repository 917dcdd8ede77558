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

    /**
     * Points per device at most: far above any real device, a guard against a source inventing names, and low
     * enough that a table (about 40 bytes a point with typical names) fits one publish.
     */
    public static final int MAX_POINTS = 1024;
    /**
     * Table versions of a device sent again on reconnect and on request: a full buffer drops its oldest messages,
     * which may be tables that stored batches still use, so the recent versions go out again, not just the last.
     */
    public static final int HISTORY = 16;

    private final String gateway;
    private final Map<String, DeviceTable> byDevice = new ConcurrentHashMap<>();
    /** Per device, the ids of its history's tables that have been announced: always a subset of the history. */
    private final Map<String, Set<Integer>> announced = new ConcurrentHashMap<>();

    /** @param gateway the gateway's id, written into every table */
    public PointTables(final String gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * A device's table for a batch.
     *
     * @param device    the device
     * @param readings  its readings
     * @return the table every reading fits, and the tables still to be announced (sent as schema messages ahead
     *         of the batch, oldest first): new, changed, or asked for again
     * @throws IllegalStateException when the device would exceed {@link #MAX_POINTS}
     */
    public Resolved resolve(final String device, final List<Reading> readings) {
        final DeviceTable state = byDevice.compute(device, (d, current) -> grown(d, current, readings));
        final Set<Integer> done = announced.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet());
        if (done.size() == state.history().size()) {
            return new Resolved(state.table(), List.of());   // the usual case: every version is out
        }
        final List<PointTable> toAnnounce = new ArrayList<>(1);
        for (final PointTable t : state.history()) {
            if (done.add(t.id())) {
                toAnnounce.add(t);
            }
        }
        return new Resolved(state.table(), toAnnounce);
    }

    /** Makes the next batch of the device send its table again (a consumer asked for it). */
    public void announceAgain(final String device) {
        announced.remove(device);
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
        announced.keySet().retainAll(devices);
    }

    private DeviceTable grown(final String device, final DeviceTable current, final List<Reading> readings) {
        if (current != null && current.fits(readings)) {
            return current;   // the usual case: nothing to copy
        }
        final DeviceTable from = current == null
                ? new DeviceTable(PointTable.of(gateway, device, List.of()), List.of(), List.of()) : current;
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
            final PointTable table = PointTable.of(gateway, device, points);
            final List<PointTable> history = new ArrayList<>(from.history());
            history.removeIf(t -> t.id() == table.id());
            history.add(table);
            while (history.size() > HISTORY) {
                final Set<Integer> ids = announced.get(device);
                final int dropped = history.remove(0).id();
                if (ids != null) {
                    ids.remove(dropped);
                }
            }
            return new DeviceTable(table, stats, history);
        }
        return statsChanged ? new DeviceTable(from.table(), stats, from.history()) : from;
    }

    /**
     * @param table       the table to encode with
     * @param toAnnounce  tables to send ahead of the batch, oldest first; the current one last when it is new
     */
    public record Resolved(PointTable table, List<PointTable> toAnnounce) {
    }

    /** A device's table, what its points' values had in common (by alias), and its recent table versions. */
    private record DeviceTable(PointTable table, List<ValueStats> stats, List<PointTable> history) {

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
