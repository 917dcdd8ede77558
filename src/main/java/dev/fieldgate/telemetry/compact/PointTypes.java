package dev.fieldgate.telemetry.compact;

import dev.fieldgate.telemetry.compact.proto.PointInfo;
import dev.fieldgate.telemetry.compact.proto.ValueType;

/**
 * Which column of the compact encoding carries a point's values exactly, and how. Scaled register values are
 * decimals (51.8, 229.01) that travel as small integer mantissas; floats from float32 registers as 4 bytes;
 * anything else as doubles or, last, text. A point's type only widens, so that it does not flip between
 * tables: integer to decimal to double, more decimals, anything mixed to text.
 */
final class PointTypes {

    /** Most decimal places a DECIMAL point carries. */
    static final int MAX_DECIMALS = 6;
    private static final double[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    /** Largest integer every double holds exactly. */
    private static final long EXACT_DOUBLE = 1L << 53;

    private PointTypes() {
    }

    /**
     * @param point  a point as the table has it (its type may be unspecified: no good value seen yet)
     * @param value  a good reading's value
     * @return the point itself when its type carries the value exactly, else the point with the narrowest wider
     *         type that does
     */
    static PointInfo fit(final PointInfo point, final Object value) {
        final ValueType type = point.getType();
        if (type != ValueType.VALUE_TYPE_UNSPECIFIED && carries(type, point.getDecimals(), value)) {
            return point;
        }
        final PointInfo natural = natural(value);
        if (type == ValueType.VALUE_TYPE_UNSPECIFIED) {
            return point.toBuilder().setType(natural.getType()).setDecimals(natural.getDecimals()).build();
        }
        if (isDecimalFamily(type) && isDecimalFamily(natural.getType())) {
            final int decimals = Math.max(point.getDecimals(), natural.getDecimals());
            if (carries(ValueType.DECIMAL, decimals, value)) {
                return point.toBuilder().setType(ValueType.DECIMAL).setDecimals(decimals).build();
            }
        }
        final boolean numeric = type != ValueType.BOOLEAN && type != ValueType.TEXT
                && natural.getType() != ValueType.BOOLEAN && natural.getType() != ValueType.TEXT;
        final ValueType wider = numeric && carries(ValueType.DOUBLE, 0, value) ? ValueType.DOUBLE : ValueType.TEXT;
        return point.toBuilder().setType(wider).setDecimals(0).build();
    }

    /**
     * @param type      a point's type
     * @param decimals  its decimal places (DECIMAL)
     * @param value     a good value
     * @return true when the type's column gives back exactly this value
     */
    static boolean carries(final ValueType type, final int decimals, final Object value) {
        switch (type) {
            case INTEGER:
                return value instanceof Long;
            case BOOLEAN:
                return value instanceof Boolean;
            case DECIMAL:
                return (value instanceof Long || value instanceof Double) && mantissaFits(value, decimals);
            case FLOAT:
                return value instanceof Double && isFloat((Double) value)
                        || value instanceof Long && within((Long) value, 1L << 24);
            case DOUBLE:
                return value instanceof Double || value instanceof Long && within((Long) value, EXACT_DOUBLE);
            case TEXT:
                return true;
            default:
                return false;
        }
    }

    /** @return the integer that carries {@code value} at {@code decimals} places; {@link #carries} must hold */
    static long mantissa(final Object value, final int decimals) {
        if (value instanceof Long) {
            return (Long) value * (long) POW10[decimals];
        }
        return Math.round((Double) value * POW10[decimals]);
    }

    /** @return the value a DECIMAL mantissa stands for, as every consumer computes it */
    static double decimal(final long mantissa, final int decimals) {
        return mantissa / POW10[decimals];
    }

    /** @return the type a value would get on its own: the narrowest that carries it exactly */
    private static PointInfo natural(final Object value) {
        final PointInfo.Builder p = PointInfo.newBuilder();
        if (value instanceof Long) {
            return p.setType(ValueType.INTEGER).build();
        }
        if (value instanceof Boolean) {
            return p.setType(ValueType.BOOLEAN).build();
        }
        if (value instanceof Double) {
            for (int k = 0; k <= MAX_DECIMALS; k++) {
                if (mantissaFits(value, k)) {
                    return p.setType(ValueType.DECIMAL).setDecimals(k).build();
                }
            }
            return p.setType(isFloat((Double) value) ? ValueType.FLOAT : ValueType.DOUBLE).build();
        }
        return p.setType(ValueType.TEXT).build();
    }

    private static boolean mantissaFits(final Object value, final int decimals) {
        if (value instanceof Long) {
            return within((Long) value, EXACT_DOUBLE / (long) POW10[decimals]);
        }
        final double d = (Double) value;
        final double scaled = d * POW10[decimals];
        if (!(Math.abs(scaled) <= EXACT_DOUBLE)) {
            return false;
        }
        final long m = Math.round(scaled);
        return Double.doubleToRawLongBits(decimal(m, decimals)) == Double.doubleToRawLongBits(d);
    }

    private static boolean isDecimalFamily(final ValueType t) {
        return t == ValueType.INTEGER || t == ValueType.DECIMAL;
    }

    /** Whether {@code -bound <= v <= bound}; unlike {@code Math.abs}, right for {@code Long.MIN_VALUE} too. */
    private static boolean within(final long v, final long bound) {
        return v >= -bound && v <= bound;
    }

    private static boolean isFloat(final double d) {
        return Double.doubleToRawLongBits((float) d) == Double.doubleToRawLongBits(d);
    }
}
