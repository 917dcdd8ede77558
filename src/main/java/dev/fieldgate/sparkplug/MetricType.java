package dev.fieldgate.sparkplug;

import java.util.Arrays;
import java.util.Optional;

/**
 * The scalar data types of Sparkplug 3.0 section 6.4.16 that Fieldgate reads and writes, with their wire codes.
 * The others (DataSet, Template, arrays, File) are recognised by the decoder as {@link #UNSUPPORTED}.
 */
public enum MetricType {
    INT8(1, Wire.INT), INT16(2, Wire.INT), INT32(3, Wire.INT), INT64(4, Wire.LONG),
    UINT8(5, Wire.INT), UINT16(6, Wire.INT), UINT32(7, Wire.LONG), UINT64(8, Wire.LONG),
    FLOAT(9, Wire.FLOAT), DOUBLE(10, Wire.DOUBLE), BOOLEAN(11, Wire.BOOLEAN), STRING(12, Wire.STRING),
    DATE_TIME(13, Wire.LONG), TEXT(14, Wire.STRING), UUID(15, Wire.STRING), BYTES(17, Wire.BYTES),
    /** Any code Fieldgate does not turn into a value (0 Unknown, DataSet, File, Template, arrays, property sets). */
    UNSUPPORTED(0, Wire.NONE);

    /** Which member of the value oneof carries the type (spec 6.4.16 "Metric value field"). */
    enum Wire { INT, LONG, FLOAT, DOUBLE, BOOLEAN, STRING, BYTES, NONE }

    private final int code;
    private final Wire wire;

    MetricType(final int code, final Wire wire) {
        this.code = code;
        this.wire = wire;
    }

    /** @return the datatype code on the wire. */
    public int code() {
        return code;
    }

    Wire wire() {
        return wire;
    }

    /** @return true for the integer types, DateTime included: their Java value is a Long. */
    public boolean isInteger() {
        return wire == Wire.INT || wire == Wire.LONG;
    }

    /** @return true for the text types: their Java value is a String. */
    public boolean isText() {
        return wire == Wire.STRING;
    }

    /** @return the type with that code; {@link #UNSUPPORTED} for any other code. */
    public static MetricType ofCode(final int code) {
        final Optional<MetricType> t = Arrays.stream(values()).filter(v -> v.code == code && v != UNSUPPORTED)
                .findFirst();
        return t.orElse(UNSUPPORTED);
    }

    /**
     * @return the smallest and largest value an integer type holds, as longs; UInt64 is bounded by Long.MAX_VALUE
     *         here because Fieldgate's values are signed longs
     */
    long[] range() {
        switch (this) {
            case INT8: return new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
            case INT16: return new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case INT32: return new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            case UINT8: return new long[] {0, 0xFFL};
            case UINT16: return new long[] {0, 0xFFFFL};
            case UINT32: return new long[] {0, 0xFFFF_FFFFL};
            case UINT64: return new long[] {0, Long.MAX_VALUE};
            default: return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        }
    }
}
