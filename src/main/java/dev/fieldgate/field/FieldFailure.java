package dev.fieldgate.field;

/** Why a command on a field device failed; the names are the error codes cloud operations see. */
public enum FieldFailure {
    /** No device with that id runs on this gateway. */
    UNKNOWN_DEVICE,
    /** The device has no point with that name. */
    UNKNOWN_POINT,
    /** The point is read-only. */
    NOT_WRITABLE,
    /** The value lies outside the point's configured min/max. */
    OUT_OF_RANGE,
    /** The value does not fit the point's data type. */
    INVALID_VALUE,
    /** The device or its connection is known to be down. */
    DEVICE_UNREACHABLE,
    /** The device answered with a Modbus exception. */
    DEVICE_EXCEPTION,
    /** The device did not answer in time; a write may or may not have taken effect. */
    TIMEOUT,
    /** The answer was garbled. */
    BAD_FRAME,
    /** The write was acknowledged but reading it back gave another value. */
    NOT_CONFIRMED,
    /** The request waited longer than its expiry for the device. */
    EXPIRED,
    /** The adapter was stopped or reloaded before the request ran. */
    STOPPED
}
