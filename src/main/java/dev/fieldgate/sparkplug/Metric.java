package dev.fieldgate.sparkplug;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Sparkplug metric as Fieldgate handles it (spec 6.4.3).
 *
 * @param name        the metric name; births carry it, data and commands may carry only the alias
 * @param alias       the alias the birth assigned, if any
 * @param timestamp   epoch ms of the value
 * @param type        the data type; {@link MetricType#UNSUPPORTED} for types whose value Fieldgate does not decode
 * @param value       Long (integer types and DateTime), Double (Float and Double), Boolean, String or byte[]; null
 *                    for a null metric or an unsupported type
 * @param properties  property set by key (spec 6.4.7): String, Boolean, Long or Double values; empty when none
 * @param historical  {@code is_historical}: a value of the past, sent late, that must not change the current one
 */
public record Metric(Optional<String> name, OptionalLong alias, long timestamp, MetricType type, Object value,
                     Map<String, Object> properties, boolean historical) {

    /** Checks that the value's class fits the type, so encoding cannot fail on a mismatch. */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(type, "type");
        properties = Map.copyOf(properties);
        if (name.isEmpty() && alias.isEmpty()) {
            throw new IllegalArgumentException("a metric needs a name or an alias");
        }
        if (value != null && !fits(type, value)) {
            throw new IllegalArgumentException("metric " + name.orElse("#" + alias.getAsLong()) + " of type " + type
                    + " cannot hold " + value.getClass().getSimpleName());
        }
    }

    /** A current (not historical) metric. */
    public Metric(final Optional<String> name, final OptionalLong alias, final long timestamp, final MetricType type,
                  final Object value, final Map<String, Object> properties) {
        this(name, alias, timestamp, type, value, properties, false);
    }

    /** @return this metric flagged {@code is_historical}, as stored data sent after the births carry it. */
    public Metric asHistorical() {
        return new Metric(name, alias, timestamp, type, value, properties, true);
    }

    /** @return a named metric without alias or properties. */
    public static Metric named(final String name, final long timestamp, final MetricType type, final Object value) {
        return new Metric(Optional.of(name), OptionalLong.empty(), timestamp, type, value, Map.of());
    }

    /** @return a metric known by its alias only, as data messages carry it after a birth. */
    public static Metric aliased(final long alias, final long timestamp, final MetricType type, final Object value) {
        return new Metric(Optional.empty(), OptionalLong.of(alias), timestamp, type, value, Map.of());
    }

    /** @return true when the metric carries no value (is_null, or a type Fieldgate does not decode). */
    public boolean isNull() {
        return value == null;
    }

    @Override
    public boolean equals(final Object o) {
        // byte[] values compare by content, so decoded and original metrics are equal in round trips
        return o instanceof Metric m && name.equals(m.name) && alias.equals(m.alias) && timestamp == m.timestamp
                && type == m.type && properties.equals(m.properties) && historical == m.historical && (value instanceof byte[] b
                ? m.value instanceof byte[] mb && Arrays.equals(b, mb) : Objects.equals(value, m.value));
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, alias, timestamp, type, value instanceof byte[] b ? Arrays.hashCode(b) : value,
                properties, historical);
    }

    private static boolean fits(final MetricType type, final Object value) {
        switch (type.wire()) {
            case INT: case LONG: return value instanceof Long;
            case FLOAT: case DOUBLE: return value instanceof Double;
            case BOOLEAN: return value instanceof Boolean;
            case STRING: return value instanceof String;
            case BYTES: return value instanceof byte[];
            default: return false;
        }
    }
}
