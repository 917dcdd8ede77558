package dev.fieldgate.field.modbus;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Endianness;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.RegisterOrder;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Pure conversions between Modbus register bytes and engineering values. The same code serves reads and
 * writes, so a word order that decodes correctly also encodes correctly.
 *
 * <p>Register bytes are in wire order: each register is two bytes, high byte first, as in the PDU of a
 * Read Holding Registers response (Modbus Application Protocol V1.1b §6.3).
 */
public final class RegisterCodec {

    private static final double INTEGRAL_EPSILON = 1e-9;

    private RegisterCodec() {
    }

    /**
     * Decodes a register-table point.
     *
     * @param wire        register bytes as received, two per register
     * @param firstReg    index (in registers) of the point's first register inside {@code wire}
     * @param point       the point; its table must be a register table
     * @return Long for integral results, Double for scaled or floating results, Boolean for BIT, String for STRING
     * @throws DecodeException when the bytes do not make a finite value
     * @throws NullPointerException when an argument is null
     */
    public static Object decode(final byte[] wire, final int firstReg, final Point point) {
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(point, "point");
        final byte[] be = toBigEndian(wire, firstReg, point.width(), point.order(), point.dataType() != DataType.STRING);
        final ByteBuffer b = ByteBuffer.wrap(be);
        switch (point.dataType()) {
            case BIT:
                return ((b.getShort() >> point.bit()) & 1) == 1;
            case STRING:
                return decodeString(be);
            case INT16:
                return scaled(b.getShort(), point);
            case UINT16:
                return scaled(Short.toUnsignedLong(b.getShort()), point);
            case INT32:
                return scaled(b.getInt(), point);
            case UINT32:
                return scaled(Integer.toUnsignedLong(b.getInt()), point);
            case INT64:
                return scaled(b.getLong(), point);
            case FLOAT32:
                // widen through the float's shortest decimal form: 229.01f reads as 229.01, not 229.00999450683594
                return scaledFloat(Double.parseDouble(Float.toString(b.getFloat())), point);
            case FLOAT64:
                return scaledFloat(b.getDouble(), point);
            default:
                throw new IllegalArgumentException("data type " + point.dataType() + " is not held in registers");
        }
    }

    /**
     * Encodes an engineering value into wire-order register bytes for the point: the inverse of
     * {@link #decode}, including scale and offset.
     *
     * @param value  Number, Boolean (BIT) or String (STRING)
     * @param point  the target point
     * @return {@code point.width() * 2} bytes
     * @throws IllegalArgumentException when the value does not fit the data type
     * @throws NullPointerException when an argument is null
     */
    public static byte[] encode(final Object value, final Point point) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(point, "point");
        final ByteBuffer b = ByteBuffer.allocate(point.width() * 2);
        switch (point.dataType()) {
            case STRING:
                encodeString(String.valueOf(value), b);
                return fromBigEndian(b.array(), point.order(), false);
            case BIT:
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException("a bit point takes true or false, not " + value);
                }
                b.putShort((short) (((Boolean) value) ? 1 << point.bit() : 0));
                return fromBigEndian(b.array(), point.order(), true);
            case FLOAT32:
                b.putFloat((float) unscale(number(value), point));
                break;
            case FLOAT64:
                b.putDouble(unscale(number(value), point));
                break;
            default:
                putInteger(b, rawInteger(number(value), point), point.dataType());
        }
        return fromBigEndian(b.array(), point.order(), true);
    }

    /**
     * Reorders the registers of one value into plain big-endian bytes.
     *
     * @param wire       register bytes in wire order
     * @param firstReg   first register of the value
     * @param registers  register count
     * @param order      byte and word order the device uses
     * @param applyWordOrder false for strings, whose registers are always in text order
     * @return a new array of {@code registers * 2} bytes, most significant first
     */
    static byte[] toBigEndian(final byte[] wire, final int firstReg, final int registers, final RegisterOrder order,
                              final boolean applyWordOrder) {
        if (firstReg < 0 || (firstReg + registers) * 2 > wire.length) {
            throw new DecodeException("response holds " + wire.length / 2 + " registers, the point needs "
                    + (firstReg + registers));
        }
        final byte[] out = new byte[registers * 2];
        final boolean swapWords = applyWordOrder && order.wordOrder() == Endianness.LITTLE;
        final boolean swapBytes = order.byteOrder() == Endianness.LITTLE;
        for (int i = 0; i < registers; i++) {
            final int src = (firstReg + (swapWords ? registers - 1 - i : i)) * 2;
            out[i * 2] = wire[src + (swapBytes ? 1 : 0)];
            out[i * 2 + 1] = wire[src + (swapBytes ? 0 : 1)];
        }
        return out;
    }

    /** The inverse of {@link #toBigEndian}: the reordering is its own inverse. */
    private static byte[] fromBigEndian(final byte[] be, final RegisterOrder order, final boolean applyWordOrder) {
        return toBigEndian(be, 0, be.length / 2, order, applyWordOrder);
    }

    private static Object scaled(final long raw, final Point p) {
        if (p.scale() == 1.0 && p.offset() == 0.0) {
            return raw;
        }
        // decimal arithmetic: a register of 518 with scale 0.1 is 51.8, not 51.800000000000004
        return BigDecimal.valueOf(raw).multiply(BigDecimal.valueOf(p.scale())).add(BigDecimal.valueOf(p.offset()))
                .doubleValue();
    }

    private static Object scaledFloat(final double raw, final Point p) {
        if (!Double.isFinite(raw)) {
            throw new DecodeException("registers hold " + raw + ", not a finite number");
        }
        if (p.scale() == 1.0 && p.offset() == 0.0) {
            return raw;
        }
        return BigDecimal.valueOf(raw).multiply(BigDecimal.valueOf(p.scale())).add(BigDecimal.valueOf(p.offset()))
                .doubleValue();
    }

    private static String decodeString(final byte[] be) {
        int end = be.length;
        for (int i = 0; i < be.length; i++) {
            if (be[i] == 0) {
                end = i;
                break;
            }
        }
        return new String(be, 0, end, StandardCharsets.ISO_8859_1).stripTrailing();
    }

    private static void encodeString(final String s, final ByteBuffer b) {
        final byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
        if (text.length > b.capacity()) {
            throw new IllegalArgumentException("text of " + text.length + " characters does not fit "
                    + b.capacity() / 2 + " registers");
        }
        b.put(text);
    }

    private static double number(final Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        throw new IllegalArgumentException("a numeric point takes a number, not '" + value + "'");
    }

    private static double unscale(final double engineering, final Point p) {
        if (!Double.isFinite(engineering)) {
            throw new IllegalArgumentException("value " + engineering + " is not finite");
        }
        return (engineering - p.offset()) / p.scale();
    }

    private static long rawInteger(final double engineering, final Point p) {
        final double raw = unscale(engineering, p);
        final double rounded = Math.rint(raw);
        if (Math.abs(raw - rounded) > INTEGRAL_EPSILON * Math.max(1, Math.abs(raw))
                && p.scale() == 1.0 && p.offset() == 0.0) {
            throw new IllegalArgumentException("value " + engineering + " is not a whole number for " + p.dataType().configName());
        }
        final BigInteger[] range = range(p.dataType());
        final BigInteger v = java.math.BigDecimal.valueOf(rounded).toBigInteger();
        if (v.compareTo(range[0]) < 0 || v.compareTo(range[1]) > 0) {
            throw new IllegalArgumentException("value " + engineering + " gives raw " + v + ", outside "
                    + p.dataType().configName() + " range " + range[0] + ".." + range[1]);
        }
        return v.longValue();
    }

    private static BigInteger[] range(final DataType t) {
        switch (t) {
            case INT16: return bounds(Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT16: return bounds(0, 0xFFFF);
            case INT32: return bounds(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT32: return bounds(0, 0xFFFF_FFFFL);
            default: return bounds(Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    private static BigInteger[] bounds(final long min, final long max) {
        return new BigInteger[] {BigInteger.valueOf(min), BigInteger.valueOf(max)};
    }

    private static void putInteger(final ByteBuffer b, final long raw, final DataType t) {
        switch (t) {
            case INT16:
            case UINT16:
                b.putShort((short) raw);
                break;
            case INT32:
            case UINT32:
                b.putInt((int) raw);
                break;
            default:
                b.putLong(raw);
        }
    }
}
