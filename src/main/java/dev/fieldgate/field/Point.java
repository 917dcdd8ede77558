package dev.fieldgate.field;

import java.time.Duration;
import java.util.Objects;

/**
 * One value read from a device: where it lives, how its bits are decoded and how often it is read.
 *
 * @param name      point name, unique within its device; becomes the {@code point} field of readings
 * @param table     the Modbus table the point is read from
 * @param address   wire (protocol, 0-based) address of its first item; vendor "40001"-style numbers are
 *                  converted to this when the adapter file is loaded
 * @param dataType  how the items are interpreted
 * @param width     number of items (registers, or bits for BOOL) the point occupies
 * @param bit       bit index 0..15 for {@link DataType#BIT}, otherwise 0
 * @param order     byte and word order of multi-byte values
 * @param scale     engineering value = raw × scale + offset (numeric types only)
 * @param offset    see {@code scale}
 * @param unit      engineering unit, free text ("V", "°C"), may be empty
 * @param interval  poll interval
 * @param options   writability, write range and shadow reporting
 */
public record Point(String name, RegisterType table, int address, DataType dataType, int width, int bit,
                    RegisterOrder order, double scale, double offset, String unit, Duration interval,
                    PointOptions options) {

    /** Highest wire address of a Modbus item (16-bit address space). */
    public static final int MAX_ADDRESS = 0xFFFF;

    /** Validates ranges and the table/data-type pairing. */
    public Point {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(options, "options");
        if (address < 0 || address + width - 1 > MAX_ADDRESS) {
            throw new IllegalArgumentException("address " + address + " (+" + width + ") outside 0.." + MAX_ADDRESS);
        }
        if (width < 1 || width > table.maxItemsPerRequest()) {
            throw new IllegalArgumentException("width " + width + " outside 1.." + table.maxItemsPerRequest());
        }
        if (table.isBitTable() != (dataType == DataType.BOOL)) {
            throw new IllegalArgumentException(table.isBitTable()
                    ? "a " + table.configName() + " holds single bits: its data-type must be bool"
                    : "data-type bool is for coils and discrete inputs; use bit with a bit index for a register bit");
        }
        if (bit < 0 || bit > 15) {
            throw new IllegalArgumentException("bit " + bit + " outside 0..15");
        }
        if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("scale must be finite and non-zero, offset finite");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (options.writable() && !table.isWritable()) {
            throw new IllegalArgumentException("a " + table.configName() + " cannot be written; only coils and "
                    + "holding registers can");
        }
        if (options.writable() && dataType == DataType.BIT) {
            // writing one bit means rewriting the whole register, which could undo the device's own changes
            throw new IllegalArgumentException("a bit inside a register cannot be written safely; map a coil or "
                    + "the whole register instead");
        }
        if (options.hasRange() && !dataType.isNumeric()) {
            throw new IllegalArgumentException("min and max are for numeric points, not " + dataType.configName());
        }
    }

    /** A read-only point reported to the shadow on every change. */
    public Point(final String name, final RegisterType table, final int address, final DataType dataType,
                 final int width, final int bit, final RegisterOrder order, final double scale, final double offset,
                 final String unit, final Duration interval) {
        this(name, table, address, dataType, width, bit, order, scale, offset, unit, interval, PointOptions.READ_ONLY);
    }

    /** @return this point polled at another interval. */
    public Point withInterval(final Duration newInterval) {
        return new Point(name, table, address, dataType, width, bit, order, scale, offset, unit, newInterval, options);
    }

    /** @return this point with other options. */
    public Point withOptions(final PointOptions newOptions) {
        return new Point(name, table, address, dataType, width, bit, order, scale, offset, unit, interval, newOptions);
    }

    /** @return wire address one past the last item of this point. */
    public int endAddress() {
        return address + width;
    }
}
