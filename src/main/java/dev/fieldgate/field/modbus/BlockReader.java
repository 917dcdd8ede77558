package dev.fieldgate.field.modbus;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;

import java.util.ArrayList;
import java.util.List;

/** Executes one read request and decodes every point in it; a failure becomes bad readings, never an abort. */
final class BlockReader {

    private BlockReader() {
    }

    /**
     * @param link    the open link
     * @param unitId  the device's unit id
     * @param block   what to read
     * @return one reading per point of the block
     * @throws ModbusTimeoutException when the device did not answer; the caller marks the rest of the poll bad
     * @throws dev.fieldgate.field.FieldLinkException when the connection broke
     */
    static List<Reading> read(final ModbusLink link, final int unitId, final ReadBlock block)
            throws ModbusTimeoutException {
        try {
            if (block.table().isBitTable()) {
                final boolean[] bits = link.readBits(unitId, block.table(), block.start(), block.count());
                return decodeBits(bits, block, System.currentTimeMillis());
            }
            final byte[] regs = link.readRegisters(unitId, block.table(), block.start(), block.count());
            return decodeRegisters(regs, block, System.currentTimeMillis());
        } catch (final ModbusDeviceException e) {
            if (e.isTargetUnreachable()) {
                // a TCP-to-RTU gateway saying its unit did not answer: a timeout one hop further, backed off
                // like one; the TCP stream itself is fine
                throw new ModbusTimeoutException(e.getMessage(), true);
            }
            return bad(block, Quality.BAD_DEVICE_EXCEPTION, System.currentTimeMillis(), e.getMessage());
        } catch (final ModbusFrameException e) {
            return bad(block, Quality.BAD_FRAME, System.currentTimeMillis(), e.getMessage());
        }
    }

    static List<Reading> decodeRegisters(final byte[] regs, final ReadBlock block, final long ts) {
        final List<Reading> out = new ArrayList<>(block.points().size());
        for (final Point p : block.points()) {
            try {
                out.add(Reading.good(p.name(), RegisterCodec.decode(regs, p.address() - block.start(), p), p.unit(), ts));
            } catch (final DecodeException e) {
                out.add(Reading.bad(p.name(), p.unit(), Quality.BAD_DECODE, ts, e.getMessage()));
            }
        }
        return out;
    }

    static List<Reading> decodeBits(final boolean[] bits, final ReadBlock block, final long ts) {
        final List<Reading> out = new ArrayList<>(block.points().size());
        for (final Point p : block.points()) {
            assert p.dataType() == DataType.BOOL;
            out.add(Reading.good(p.name(), bits[p.address() - block.start()], p.unit(), ts));
        }
        return out;
    }

    static List<Reading> bad(final ReadBlock block, final Quality q, final long ts, final String detail) {
        final List<Reading> out = new ArrayList<>(block.points().size());
        for (final Point p : block.points()) {
            out.add(Reading.bad(p.name(), p.unit(), q, ts, detail));
        }
        return out;
    }
}
