package dev.fieldgate.field;

/**
 * A write the device acknowledged and that reading back confirmed.
 *
 * @param point     the point written
 * @param requested the engineering value asked for
 * @param readBack  the reading taken right after the write
 */
public record WriteOutcome(String point, Object requested, Reading readBack) {
}
