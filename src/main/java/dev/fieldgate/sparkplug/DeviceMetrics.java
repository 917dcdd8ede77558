package dev.fieldgate.sparkplug;

import dev.fieldgate.field.Reading;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * What the host knows of one device: each point as a metric with its alias, type and last published value, and
 * whether the device is born. Bounded: points beyond {@code max} are refused. Not thread-safe; the edge node
 * guards it.
 */
final class DeviceMetrics {

    /** How a point is declared in the device's birth. */
    record Definition(MetricType type, String unit, boolean writable) {
    }

    /** One metric: its declaration and the value the host last saw (null: none yet, or bad). */
    static final class Slot {
        final String point;
        final long alias;
        Definition definition;
        Object value;
        long timestamp;

        Slot(final String point, final long alias, final Definition definition) {
            this.point = point;
            this.alias = alias;
            this.definition = definition;
        }

        /**
         * @param now the birth's time, for a metric that has no value yet
         * @return this metric as the birth declares it: name, alias, type, properties and the current value
         */
        Metric birth(final long now) {
            final Map<String, Object> props = new LinkedHashMap<>();
            // property keys as Ignition reads them: the unit shows on the tag, readOnly stops writes in the HMI
            if (!definition.unit().isEmpty()) {
                props.put("engUnit", definition.unit());
            }
            props.put("readOnly", !definition.writable());
            return new Metric(Optional.of(point), OptionalLong.of(alias), timestamp == 0 ? now : timestamp,
                    definition.type(), value, props);
        }

        /** @return this metric by name, as held data are stored (aliases change from one start to the next). */
        Metric named() {
            return Metric.named(point, timestamp, definition.type(), value);
        }

        /** @return this metric as data messages carry it: alias, type, value and timestamp. */
        Metric data() {
            return Metric.aliased(alias, timestamp, definition.type(), value);
        }
    }

    private final String deviceId;
    private final int max;
    private final Map<String, Slot> byPoint = new LinkedHashMap<>();
    private final Map<Long, Slot> byAlias = new LinkedHashMap<>();
    private boolean born;
    private boolean alive = true;

    DeviceMetrics(final String deviceId, final int max) {
        this.deviceId = deviceId;
        this.max = max;
    }

    String deviceId() {
        return deviceId;
    }

    boolean born() {
        return born;
    }

    void born(final boolean b) {
        born = b;
    }

    /** @return false while the device's latest readings were all bad: it is dead to the host. */
    boolean alive() {
        return alive;
    }

    void alive(final boolean a) {
        alive = a;
    }

    Collection<Slot> slots() {
        return byPoint.values();
    }

    Optional<Slot> byName(final String point) {
        return Optional.ofNullable(byPoint.get(point));
    }

    Optional<Slot> byAlias(final long alias) {
        return Optional.ofNullable(byAlias.get(alias));
    }

    /** @return the point's slot, made with a new alias if the point is new; empty when the device is full. */
    Optional<Slot> declare(final String point, final Definition definition, final LongSupplier alias) {
        final Slot s = byPoint.get(point);
        if (s != null || byPoint.size() >= max) {
            return Optional.ofNullable(s);
        }
        final Slot made = new Slot(point, alias.getAsLong(), definition);
        byPoint.put(point, made);
        byAlias.put(made.alias, made);
        return Optional.of(made);
    }

    /**
     * The outcome of taking one batch of readings.
     *
     * @param changed   the slots whose value changed, for a DDATA
     * @param redeclare true when a value's type no longer fits its declaration: the device needs a new DBIRTH
     */
    record Update(List<Slot> changed, boolean redeclare) {
    }

    /** Takes readings; those of undeclared points (beyond the bound) are skipped. */
    Update apply(final List<Reading> readings) {
        final List<Slot> changed = new ArrayList<>();
        boolean redeclare = false;
        for (final Reading r : readings) {
            final Slot s = byPoint.get(r.point());
            if (s == null) {
                continue;
            }
            Object v = r.value() == null ? null : MetricTypes.toMetricValue(s.definition.type(), r.value());
            if (r.value() != null && v == null) {
                // a sensor's value changed kind (e.g. a number turned text): declare it again with the new type
                s.definition = new Definition(MetricTypes.forValue(r.value()), s.definition.unit(),
                        s.definition.writable());
                v = MetricTypes.toMetricValue(s.definition.type(), r.value());
                redeclare = true;
            }
            if (!Objects.equals(v, s.value) || s.timestamp == 0) {
                s.value = v;
                s.timestamp = r.timestamp();
                changed.add(s);
            }
        }
        return new Update(changed, redeclare);
    }
}
