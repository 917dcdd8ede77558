package dev.fieldgate.field;

import java.util.Objects;

/**
 * What the cloud and local clients may do with a point beyond reading it.
 *
 * @param writable  true when commands and the shadow's desired state may write it
 * @param min       lowest engineering value a write may set (inclusive); -infinity when open
 * @param max       highest engineering value a write may set (inclusive); +infinity when open
 * @param shadow    true when the point's value is reported in the device's shadow
 * @param deadband  smallest change of a numeric value that is reported to the shadow again; 0 reports every change
 * @param report    how readings go upstream as telemetry
 */
public record PointOptions(boolean writable, double min, double max, boolean shadow, double deadband,
                           Reporting report) {

    /** Read-only, reported to the shadow on every change, every poll sent upstream. */
    public static final PointOptions READ_ONLY = new PointOptions(false, Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY, true, 0, Reporting.EVERY_POLL);

    /** Checks that the range is a range and the deadband is not negative. */
    public PointOptions {
        Objects.requireNonNull(report, "report");
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("min " + min + " must not be above max " + max);
        }
        if (!(deadband >= 0) || Double.isInfinite(deadband)) {
            throw new IllegalArgumentException("deadband must be a finite number >= 0");
        }
    }

    /** @return these options with another telemetry reporting */
    public PointOptions withReport(final Reporting newReport) {
        return new PointOptions(writable, min, max, shadow, deadband, newReport);
    }

    /** @return true when {@code value} lies inside the write range. */
    public boolean inRange(final double value) {
        return value >= min && value <= max;
    }

    /** @return true when a range limits writes. */
    public boolean hasRange() {
        return min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY;
    }
}
