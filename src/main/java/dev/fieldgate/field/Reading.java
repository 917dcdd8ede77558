package dev.fieldgate.field;

import java.util.Objects;

/**
 * One sampled point value.
 *
 * @param point     the point name
 * @param value     Boolean, Long, Double or String for GOOD readings; null for bad ones
 * @param unit      engineering unit, possibly empty
 * @param quality   whether {@code value} can be trusted
 * @param timestamp source time in epoch milliseconds, taken when the device answered
 * @param detail    for bad readings a short reason ("exception 02 illegal data address"), else null
 */
public record Reading(String point, Object value, String unit, Quality quality, long timestamp, String detail) {

    /** Checks that good readings carry a value and bad ones a reason. */
    public Reading {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quality, "quality");
        if (quality.isGood() != (value != null)) {
            throw new IllegalArgumentException("a " + quality + " reading must " + (quality.isGood() ? "" : "not ")
                    + "carry a value");
        }
    }

    /** @return a good reading. */
    public static Reading good(final String point, final Object value, final String unit, final long timestamp) {
        return new Reading(point, value, unit, Quality.GOOD, timestamp, null);
    }

    /** @return a bad reading without value. */
    public static Reading bad(final String point, final String unit, final Quality quality, final long timestamp,
                              final String detail) {
        return new Reading(point, null, unit, quality, timestamp, detail);
    }
}
