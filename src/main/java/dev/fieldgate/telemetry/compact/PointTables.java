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
    private final Map<String, PointTable> byDevice = new ConcurrentHashMap<>();
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
        final PointTable table = byDevice.compute(device, (d, current) -> grown(d, current, readings));
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

    private PointTable grown(final String device, final PointTable current, final List<Reading> readings) {
        List<PointInfo> points = current == null ? List.of() : current.points();
        Map<String, Integer> aliases = current == null ? Map.of() : current.aliases();
        List<PointInfo> changed = null;
        for (final Reading r : readings) {
            final Integer alias = aliases.get(r.point());
            final PointInfo known = alias == null ? null : (changed == null ? points : changed).get(alias);
            final PointInfo base = known != null ? known
                    : PointInfo.newBuilder().setAlias(changed == null ? points.size() : changed.size())
                    .setName(r.point()).setUnit(r.unit()).build();
            PointInfo fitted = r.value() == null ? base : PointTypes.fit(base, r.value());
            if (!fitted.getUnit().equals(r.unit())) {
                fitted = fitted.toBuilder().setUnit(r.unit()).build();
            }
            if (fitted == known) {
                continue;
            }
            if (changed == null) {
                changed = new ArrayList<>(points);
                aliases = new HashMap<>(aliases);
            }
            if (known == null) {
                if (changed.size() >= MAX_POINTS) {
                    throw new IllegalStateException("device " + device + " has more than " + MAX_POINTS + " points");
                }
                aliases.put(r.point(), fitted.getAlias());
                changed.add(fitted);
            } else {
                changed.set(known.getAlias(), fitted);
            }
        }
        return changed == null ? current : PointTable.of(gateway, device, changed);
    }

    /**
     * @param table     the table to encode with
     * @param announce  true when the table is to be sent ahead of the batch
     */
    public record Resolved(PointTable table, boolean announce) {
    }
}
