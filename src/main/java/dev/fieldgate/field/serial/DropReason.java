package dev.fieldgate.field.serial;

import java.util.Locale;

/** Why bytes from a serial sensor were dropped instead of becoming readings. */
public enum DropReason {
    /** Bytes that do not form a frame: line noise, garbage between frames, an unknown sentence. */
    NOISE,
    /** A frame whose checksum does not match. */
    BAD_CHECKSUM,
    /** A line or frame longer than the configured maximum. */
    OVERRUN,
    /** A frame that parsed but whose fields are malformed (a number that is not one, a missing field). */
    MALFORMED;

    /** @return the lower-case name used in metrics. */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
