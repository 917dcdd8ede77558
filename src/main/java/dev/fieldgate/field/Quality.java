package dev.fieldgate.field;

import java.util.Locale;

/** Whether a reading's value can be trusted, and if not, why. */
public enum Quality {
    /** Read and decoded. */
    GOOD,
    /** The device did not answer in time. */
    BAD_TIMEOUT,
    /** The device answered with a Modbus exception response. */
    BAD_DEVICE_EXCEPTION,
    /** The answer arrived garbled (CRC error on a serial line). */
    BAD_FRAME,
    /** The connection to the device (or its gateway) is down. */
    BAD_NO_CONNECTION,
    /** The answer arrived but could not be turned into a value (NaN/Inf, malformed frame, bad length). */
    BAD_DECODE;

    /** @return the lower-case name used in payloads, e.g. {@code bad-timeout}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return true for GOOD. */
    public boolean isGood() {
        return this == GOOD;
    }
}
