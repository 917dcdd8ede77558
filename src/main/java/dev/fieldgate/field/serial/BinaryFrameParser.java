package dev.fieldgate.field.serial;

import com.ghgande.j2mod.modbus.util.ModbusUtil;
import dev.fieldgate.field.Endianness;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds frames described by a {@link BinaryFrameSpec} in a byte stream: synchronises on the start bytes,
 * takes the fixed or announced length, checks stop bytes and checksum, and decodes the fields. After any
 * invalid frame it resynchronises one byte further, so that a start pattern inside a corrupted frame is
 * found again.
 */
public final class BinaryFrameParser implements FrameParser {

    private final BinaryFrameSpec spec;
    private final byte[] buffer;
    private int length;

    /** @param spec the frame layout */
    public BinaryFrameParser(final BinaryFrameSpec spec) {
        this.spec = spec;
        this.buffer = new byte[spec.maxLength() * 2];
    }

    @Override
    public void feed(final byte[] data, final int count, final Sink sink) {
        int offset = 0;
        while (offset < count) {
            final int n = Math.min(count - offset, buffer.length - length);
            System.arraycopy(data, offset, buffer, length, n);
            length += n;
            offset += n;
            drain(sink);
        }
    }

    private void drain(final Sink sink) {
        while (true) {
            final int skipped = skipToStart();
            if (skipped > 0) {
                sink.dropped(DropReason.NOISE, skipped + " byte(s) before a frame start");
            }
            if (length < spec.start().length) {
                return;
            }
            final int frameLength = frameLength();
            if (frameLength < 0) {
                return;   // length field not complete yet
            }
            if (frameLength > spec.maxLength() || frameLength < spec.start().length + spec.checksum().size()
                    + spec.stop().length) {
                sink.dropped(DropReason.OVERRUN, "announced frame length " + frameLength + " outside 1.."
                        + spec.maxLength());
                discard(1);
                continue;
            }
            if (length < frameLength) {
                return;
            }
            if (accept(frameLength, sink)) {
                discard(frameLength);
            } else {
                discard(1);
            }
        }
    }

    /** @return true when the frame was valid (and delivered) */
    private boolean accept(final int frameLength, final Sink sink) {
        final byte[] stop = spec.stop();
        if (!Arrays.equals(buffer, frameLength - stop.length, frameLength, stop, 0, stop.length)) {
            sink.dropped(DropReason.NOISE, "stop bytes missing");
            return false;
        }
        final int checksumAt = frameLength - stop.length - spec.checksum().size();
        if (!checksumMatches(checksumAt)) {
            sink.dropped(DropReason.BAD_CHECKSUM, spec.checksum() + " mismatch");
            return false;
        }
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (final BinaryFrameSpec.Field f : spec.fields()) {
            if (f.offset() + f.type().size() > checksumAt) {
                sink.dropped(DropReason.MALFORMED, "frame of " + frameLength + " bytes too short for field " + f.name());
                return true;
            }
            fields.put(f.name(), read(f));
        }
        sink.message(fields);
        return true;
    }

    private boolean checksumMatches(final int at) {
        final int from = spec.checksumFrom();
        switch (spec.checksum()) {
            case XOR: {
                int x = 0;
                for (int i = from; i < at; i++) {
                    x ^= buffer[i];
                }
                return (byte) x == buffer[at];
            }
            case SUM8: {
                int s = 0;
                for (int i = from; i < at; i++) {
                    s += buffer[i] & 0xff;
                }
                return (byte) s == buffer[at];
            }
            case CRC16_MODBUS: {
                final int[] crc = ModbusUtil.calculateCRC(buffer, from, at - from);   // {low, high}
                final boolean lowFirst = spec.checksumOrder() == Endianness.LITTLE;
                return (byte) crc[lowFirst ? 0 : 1] == buffer[at] && (byte) crc[lowFirst ? 1 : 0] == buffer[at + 1];
            }
            default:
                return true;
        }
    }

    private Object read(final BinaryFrameSpec.Field f) {
        final ByteBuffer b = ByteBuffer.wrap(buffer, f.offset(), f.type().size())
                .order(f.order() == Endianness.BIG ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (f.type()) {
            case UINT8: return (long) (b.get() & 0xff);
            case INT8: return (long) b.get();
            case UINT16: return (long) (b.getShort() & 0xffff);
            case INT16: return (long) b.getShort();
            case UINT32: return b.getInt() & 0xffff_ffffL;
            case INT32: return (long) b.getInt();
            default: return Double.parseDouble(Float.toString(b.getFloat()));
        }
    }

    /** @return the frame length, or -1 when not enough bytes arrived to know it */
    private int frameLength() {
        if (spec.fixedLength() > 0) {
            return spec.fixedLength();
        }
        final int end = spec.lengthOffset() + spec.lengthSize();
        if (length < end) {
            return -1;
        }
        int v = buffer[spec.lengthOffset()] & 0xff;
        if (spec.lengthSize() == 2) {
            v = (v << 8) | (buffer[spec.lengthOffset() + 1] & 0xff);
        }
        return v + spec.lengthAdjust();
    }

    /** @return bytes discarded before the first (possibly partial) start match */
    private int skipToStart() {
        final byte[] start = spec.start();
        int i = 0;
        outer:
        for (; i < length; i++) {
            for (int j = 0; j < start.length && i + j < length; j++) {
                if (buffer[i + j] != start[j]) {
                    continue outer;
                }
            }
            break;
        }
        discard(i);
        return i;
    }

    private void discard(final int n) {
        System.arraycopy(buffer, n, buffer, 0, length - n);
        length -= n;
    }
}
