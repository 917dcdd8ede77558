package dev.fieldgate.sparkplug;

import dev.fieldgate.field.Point;

/** How Fieldgate's points and values map to Sparkplug data types and back. Pure. */
final class MetricTypes {

    private MetricTypes() {
    }

    /**
     * @return the Sparkplug type of a Modbus point's engineering value: the register type when the value is the raw
     *         register content, Double once scale or offset turn it into a decimal
     */
    static MetricType forPoint(final Point p) {
        final boolean scaled = p.scale() != 1.0 || p.offset() != 0.0;
        switch (p.dataType()) {
            case BOOL: case BIT: return MetricType.BOOLEAN;
            case STRING: return MetricType.STRING;
            case FLOAT32: return scaled ? MetricType.DOUBLE : MetricType.FLOAT;
            case FLOAT64: return MetricType.DOUBLE;
            case INT16: return scaled ? MetricType.DOUBLE : MetricType.INT16;
            case UINT16: return scaled ? MetricType.DOUBLE : MetricType.UINT16;
            case INT32: return scaled ? MetricType.DOUBLE : MetricType.INT32;
            case UINT32: return scaled ? MetricType.DOUBLE : MetricType.UINT32;
            default: return scaled ? MetricType.DOUBLE : MetricType.INT64;
        }
    }

    /** @return the type of a sensor value, which has no declared type: Boolean, Int64, Double or String. */
    static MetricType forValue(final Object v) {
        if (v instanceof Boolean) {
            return MetricType.BOOLEAN;
        }
        if (v instanceof Long || v instanceof Integer) {
            return MetricType.INT64;
        }
        return v instanceof Number ? MetricType.DOUBLE : MetricType.STRING;
    }

    /**
     * @return the reading's value as a metric of {@code type} carries it, or null when it does not fit (then the
     *         device is born again with the value's own type)
     */
    static Object toMetricValue(final MetricType type, final Object v) {
        if (type.isInteger() && (v instanceof Long || v instanceof Integer)) {
            final long l = ((Number) v).longValue();
            return l >= type.range()[0] && l <= type.range()[1] ? l : null;
        }
        if ((type == MetricType.DOUBLE || type == MetricType.FLOAT) && v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (type == MetricType.BOOLEAN && v instanceof Boolean) {
            return v;
        }
        return type.isText() && v instanceof String ? v : null;
    }

    /** @return a received metric's value as Fieldgate's values are: Boolean, Long, Double or String; else null. */
    static Object toFieldValue(final Metric m) {
        final Object v = m.value();
        return v instanceof Boolean || v instanceof Long || v instanceof Double || v instanceof String ? v : null;
    }
}
