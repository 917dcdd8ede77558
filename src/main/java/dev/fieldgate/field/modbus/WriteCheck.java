package dev.fieldgate.field.modbus;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.FieldFailure;
import dev.fieldgate.field.FieldOperationException;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.RegisterType;

/**
 * Decides before anything goes on the wire whether a value may be written to a point: writable, the right
 * kind of value, inside the configured range, and representable in the point's data type after scaling.
 */
public final class WriteCheck {

    private WriteCheck() {
    }

    /**
     * @param deviceId  for messages
     * @param point     the target point
     * @param value     Boolean, Long, Double or String, as it came from JSON
     * @return the value as the point takes it
     * @throws FieldOperationException NOT_WRITABLE, INVALID_VALUE or OUT_OF_RANGE, naming device and point
     */
    public static Object validate(final String deviceId, final Point point, final Object value) {
        final String where = "point " + point.name() + " of device " + deviceId;
        if (!point.options().writable()) {
            throw new FieldOperationException(FieldFailure.NOT_WRITABLE, where + " is read-only");
        }
        if (point.table() == RegisterType.COIL) {
            if (!(value instanceof Boolean)) {
                throw new FieldOperationException(FieldFailure.INVALID_VALUE, where + " is a coil and takes true or "
                        + "false, not " + describe(value));
            }
            return value;
        }
        if (point.dataType() == DataType.STRING) {
            if (!(value instanceof String)) {
                throw new FieldOperationException(FieldFailure.INVALID_VALUE, where + " takes text, not " + describe(value));
            }
        } else {
            if (!(value instanceof Number)) {
                throw new FieldOperationException(FieldFailure.INVALID_VALUE, where + " takes a number, not "
                        + describe(value));
            }
            final double v = ((Number) value).doubleValue();
            if (!Double.isFinite(v)) {
                throw new FieldOperationException(FieldFailure.INVALID_VALUE, where + " takes a finite number");
            }
            if (!point.options().inRange(v)) {
                throw new FieldOperationException(FieldFailure.OUT_OF_RANGE, where + ": " + value + " is outside the "
                        + "allowed range " + point.options().min() + " .. " + point.options().max());
            }
        }
        try {
            RegisterCodec.encode(value, point);
        } catch (final IllegalArgumentException e) {
            throw new FieldOperationException(FieldFailure.INVALID_VALUE, where + ": " + e.getMessage());
        }
        return value;
    }

    private static String describe(final Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof String ? "text \"" + value + "\"" : value.getClass().getSimpleName().toLowerCase() + " "
                + value;
    }
}
