package dev.fieldgate.field.modbus;

import dev.fieldgate.field.Device;
import dev.fieldgate.field.FieldFailure;
import dev.fieldgate.field.FieldOperationException;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.RegisterType;
import dev.fieldgate.field.WriteOutcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The wire work of on-demand requests: write a point and read it back, read points now. */
final class PointAccess {

    private PointAccess() {
    }

    /**
     * Writes the value with the function the point's table needs and reads the point back. A write is only
     * reported done when the device holds what was written: some devices acknowledge and then clamp.
     *
     * @throws FieldOperationException INVALID_VALUE when the value does not fit the data type, NOT_CONFIRMED
     *         when the device holds something else afterwards
     */
    static WriteOutcome write(final ModbusLink link, final Device device, final Point point, final Object value)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException {
        if (!point.options().writable()) {
            throw new FieldOperationException(FieldFailure.NOT_WRITABLE, "point " + point.name() + " is read-only");
        }
        if (point.table() == RegisterType.COIL) {
            if (!(value instanceof Boolean)) {
                throw new FieldOperationException(FieldFailure.INVALID_VALUE, "coil " + point.name()
                        + " takes true or false");
            }
            final boolean wanted = (Boolean) value;
            link.writeCoil(device.unitId(), point.address(), wanted);
            final boolean held = link.readBits(device.unitId(), RegisterType.COIL, point.address(), 1)[0];
            final Reading back = Reading.good(point.name(), held, point.unit(), System.currentTimeMillis());
            return confirmed(point, value, back, held == wanted);
        }
        final byte[] wire;
        try {
            wire = RegisterCodec.encode(value, point);
        } catch (final IllegalArgumentException e) {
            throw new FieldOperationException(FieldFailure.INVALID_VALUE, "point " + point.name() + ": " + e.getMessage());
        }
        link.writeRegisters(device.unitId(), point.address(), wire);
        final byte[] held = link.readRegisters(device.unitId(), RegisterType.HOLDING_REGISTER, point.address(),
                point.width());
        final long now = System.currentTimeMillis();
        Reading back;
        try {
            back = Reading.good(point.name(), RegisterCodec.decode(held, 0, point), point.unit(), now);
        } catch (final DecodeException e) {
            back = Reading.bad(point.name(), point.unit(), dev.fieldgate.field.Quality.BAD_DECODE, now, e.getMessage());
        }
        return confirmed(point, value, back, Arrays.equals(wire, held));
    }

    private static WriteOutcome confirmed(final Point point, final Object value, final Reading back, final boolean same) {
        if (!same) {
            throw new FieldOperationException(FieldFailure.NOT_CONFIRMED, "point " + point.name() + " was written "
                    + value + " but reads back " + (back.value() != null ? back.value() : back.detail()));
        }
        return new WriteOutcome(point.name(), value, back);
    }

    /** Reads the points now, grouped into as few requests as the device's max-gap allows. */
    static List<Reading> read(final ModbusLink link, final Device device, final List<Point> points)
            throws ModbusTimeoutException {
        final List<Reading> out = new ArrayList<>();
        for (final ReadBlock block : RequestPlanner.plan(points, device.maxGap())) {
            out.addAll(BlockReader.read(link, device.unitId(), block));
        }
        return out;
    }

    /** @return the failure a wire error means for a request. */
    static FieldOperationException failure(final Device device, final Exception e) {
        if (e instanceof FieldOperationException) {
            return (FieldOperationException) e;
        }
        if (e instanceof ModbusDeviceException) {
            final ModbusDeviceException d = (ModbusDeviceException) e;
            return new FieldOperationException(d.isTargetUnreachable() ? FieldFailure.DEVICE_UNREACHABLE
                    : FieldFailure.DEVICE_EXCEPTION, "device " + device.id() + ": " + e.getMessage());
        }
        if (e instanceof ModbusTimeoutException) {
            return new FieldOperationException(FieldFailure.TIMEOUT, "device " + device.id() + ": " + e.getMessage());
        }
        if (e instanceof ModbusFrameException) {
            return new FieldOperationException(FieldFailure.BAD_FRAME, "device " + device.id() + ": " + e.getMessage());
        }
        return new FieldOperationException(FieldFailure.DEVICE_UNREACHABLE, "device " + device.id() + ": "
                + e.getMessage());
    }
}
