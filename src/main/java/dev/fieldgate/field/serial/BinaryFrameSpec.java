package dev.fieldgate.field.serial;

import dev.fieldgate.field.Endianness;

import java.util.List;
import java.util.Objects;

/**
 * The declarative description of a fixed-layout binary frame.
 *
 * @param start           bytes every frame begins with (at least one)
 * @param fixedLength     total frame length in bytes, or 0 when a length field gives it
 * @param lengthOffset    offset of the length field (when {@code fixedLength} is 0)
 * @param lengthSize      1 or 2 bytes (big endian)
 * @param lengthAdjust    frame length = length field value + this
 * @param stop            bytes every frame ends with; may be empty
 * @param checksum        the checksum kind
 * @param checksumFrom    offset of the first byte covered by the checksum; it covers up to the checksum itself
 * @param checksumOrder   byte order of a two-byte checksum (CRC-16/Modbus is sent low byte first: little)
 * @param fields          the values inside the frame
 * @param maxLength       longest frame accepted
 */
public record BinaryFrameSpec(byte[] start, int fixedLength, int lengthOffset, int lengthSize, int lengthAdjust,
                              byte[] stop, Checksum checksum, int checksumFrom, Endianness checksumOrder,
                              List<Field> fields, int maxLength) {

    /** How a frame is protected. */
    public enum Checksum {
        /** No checksum. */
        NONE(0),
        /** XOR of the covered bytes, one byte. */
        XOR(1),
        /** Sum of the covered bytes modulo 256, one byte. */
        SUM8(1),
        /** CRC-16/Modbus (poly 0xA001 reflected, init 0xFFFF), two bytes. */
        CRC16_MODBUS(2);

        private final int size;

        Checksum(final int size) {
            this.size = size;
        }

        /** @return bytes the checksum occupies. */
        public int size() {
            return size;
        }
    }

    /** Integer and float types of binary fields. */
    public enum FieldType {
        UINT8(1), INT8(1), UINT16(2), INT16(2), UINT32(4), INT32(4), FLOAT32(4);

        private final int size;

        FieldType(final int size) {
            this.size = size;
        }

        /** @return bytes the field occupies. */
        public int size() {
            return size;
        }
    }

    /**
     * One value inside the frame.
     *
     * @param name    field name, referenced by points
     * @param offset  byte offset from the frame start
     * @param type    how the bytes are read
     * @param order   byte order of multi-byte fields
     */
    public record Field(String name, int offset, FieldType type, Endianness order) {
        /** Checks the parts. */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(order, "order");
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative");
            }
        }
    }

    /** Validates that every part fits inside the shortest possible frame. */
    public BinaryFrameSpec {
        start = start.clone();
        stop = stop.clone();
        fields = List.copyOf(fields);
        if (start.length == 0) {
            throw new IllegalArgumentException("start needs at least one byte to synchronise on");
        }
        if (maxLength < 1 || maxLength > 4096) {
            throw new IllegalArgumentException("max-length outside 1..4096");
        }
        if (fixedLength == 0 && (lengthSize < 1 || lengthSize > 2 || lengthOffset < start.length)) {
            throw new IllegalArgumentException("either length, or a length field of 1 or 2 bytes after the start bytes");
        }
        if (fixedLength == 0 && lengthOffset + lengthSize > maxLength) {
            throw new IllegalArgumentException("the length field lies beyond max-length " + maxLength);
        }
        if (fixedLength > maxLength) {
            throw new IllegalArgumentException("length " + fixedLength + " exceeds max-length " + maxLength);
        }
        final int minimum = fixedLength > 0 ? fixedLength : lengthOffset + lengthSize;
        if (fixedLength > 0 && fixedLength < start.length + stop.length + checksum.size()) {
            throw new IllegalArgumentException("length " + fixedLength + " cannot hold start, checksum and stop bytes");
        }
        for (final Field f : fields) {
            if (fixedLength > 0 && f.offset() + f.type().size() > fixedLength - stop.length - checksum.size()) {
                throw new IllegalArgumentException("field " + f.name() + " lies outside the frame's data bytes");
            }
        }
        if (minimum < 1 || checksumFrom < 0) {
            throw new IllegalArgumentException("checksum-from must not be negative");
        }
    }
}
