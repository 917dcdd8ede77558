package dev.fieldgate.telemetry.compact;

import dev.fieldgate.telemetry.compact.proto.PointInfo;
import dev.fieldgate.telemetry.compact.proto.ValueType;

/**
 * What the good values of one point have had in common so far, and so the column of the compact encoding
 * that gives every one of them back exactly. The flags only ever turn false and the decimal places only grow,
 * so a point's type changes a few times at most, however its values come: a float32 register whose first
 * value happens to be 22.5 starts as DECIMAL and becomes FLOAT at its first value with more places, never
 * DOUBLE.
 *
 * @param seen        a good value has been seen
 * @param allLong     every value was a whole number (Long)
 * @param allBoolean  every value was a Boolean
 * @param allNumeric  every value was a Long or a Double
 * @param allFloat    every value is exactly a 32-bit float
 * @param allDouble   every value is exactly a double (Longs within 2^53)
 * @param decimals    decimal places that carry every value exactly, or -1 when some value has none up to
 *                    {@link #MAX_DECIMALS}
 * @param magnitude   the binary exponent of the largest magnitude seen ({@link Math#getExponent}), which bounds
 *                    the mantissas; it changes only when the magnitude doubles, so that a rising counter does
 *                    not count as news on every poll
 */
record ValueStats(boolean seen, boolean allLong, boolean allBoolean, boolean allNumeric, boolean allFloat,
                  boolean allDouble, int decimals, int magnitude) {

    /** Most decimal places a DECIMAL point carries. */
    static final int MAX_DECIMALS = 6;
    /** Nothing seen yet. */
    static final ValueStats NONE = new ValueStats(false, true, true, true, true, true, 0, Double.MIN_EXPONENT - 1);
    private static final double[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    /** Largest integer every double holds exactly. */
    private static final long EXACT_DOUBLE = 1L << 53;

    /**
     * @param value a good reading's value
     * @return these statistics with the value added; this instance, without allocating, when nothing changes
     */
    ValueStats with(final Object value) {
        final boolean isLong = value instanceof Long;
        final boolean isDouble = value instanceof Double;
        // NaN and infinities are numbers no column but TEXT carries exactly: they count as text
        final boolean numeric = isLong || isDouble && Double.isFinite((Double) value);
        final int newMagnitude = numeric ? Math.max(magnitude, Math.getExponent(((Number) value).doubleValue()))
                : magnitude;
        final boolean newAllLong = allLong && isLong;
        final boolean newAllBoolean = allBoolean && value instanceof Boolean;
        final boolean newAllNumeric = allNumeric && numeric;
        final boolean newAllFloat = allFloat && numeric && isFloat(value);
        final boolean newAllDouble = allDouble && numeric && isDouble(value);
        final int newDecimals = numeric ? decimalsWith(value, newMagnitude) : -1;
        if (seen && newAllLong == allLong && newAllBoolean == allBoolean && newAllNumeric == allNumeric
                && newAllFloat == allFloat && newAllDouble == allDouble && newDecimals == decimals
                && newMagnitude == magnitude) {
            return this;
        }
        return new ValueStats(true, newAllLong, newAllBoolean, newAllNumeric, newAllFloat, newAllDouble, newDecimals,
                newMagnitude);
    }

    /** @return the type that carries every value seen: the point's entry in the table, without alias and name */
    PointInfo.Builder type() {
        final PointInfo.Builder p = PointInfo.newBuilder();
        if (!seen) {
            return p.setType(ValueType.VALUE_TYPE_UNSPECIFIED);
        }
        if (allBoolean) {
            return p.setType(ValueType.BOOLEAN);
        }
        if (allLong) {
            return p.setType(ValueType.INTEGER);
        }
        if (allNumeric && decimals >= 0) {
            return p.setType(ValueType.DECIMAL).setDecimals(decimals);
        }
        if (allNumeric && allFloat) {
            return p.setType(ValueType.FLOAT);
        }
        return p.setType(allNumeric && allDouble ? ValueType.DOUBLE : ValueType.TEXT);
    }

    /** @return the integer that carries a value at {@code places} decimal places */
    static long mantissa(final Object value, final int places) {
        if (value instanceof Long) {
            return (Long) value * (long) POW10[places];
        }
        return Math.round((Double) value * POW10[places]);
    }

    /** @return the value a DECIMAL mantissa stands for, computed as every consumer computes it */
    static double decimal(final long mantissa, final int places) {
        return mantissa / POW10[places];
    }

    /**
     * The decimal places that carry every value so far and this one. A value exact at k places is exact at any
     * more places too (both divisions round the same rational), as long as the mantissa stays an exact double.
     */
    private int decimalsWith(final Object value, final int newMagnitude) {
        if (!allNumeric || decimals < 0) {
            return -1;
        }
        // every magnitude seen is below 2^(magnitude + 1)
        final double bound = Math.scalb(1.0, newMagnitude + 1);
        for (int k = decimals; k <= MAX_DECIMALS; k++) {
            if (bound * POW10[k] > EXACT_DOUBLE) {
                return -1;
            }
            if (value instanceof Long || exactAt((Double) value, k)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean exactAt(final double d, final int places) {
        final long m = Math.round(d * POW10[places]);
        return Double.doubleToRawLongBits(decimal(m, places)) == Double.doubleToRawLongBits(d);
    }

    private static boolean isFloat(final Object value) {
        if (value instanceof Long) {
            final long l = (Long) value;
            return l >= -(1L << 24) && l <= 1L << 24;
        }
        final double d = (Double) value;
        return Double.doubleToRawLongBits((float) d) == Double.doubleToRawLongBits(d);
    }

    private static boolean isDouble(final Object value) {
        if (value instanceof Long) {
            final long l = (Long) value;
            return l >= -EXACT_DOUBLE && l <= EXACT_DOUBLE;
        }
        return true;
    }
}
