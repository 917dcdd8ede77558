package dev.fieldgate.field.modbus;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Device;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.RegisterOrder;
import dev.fieldgate.field.adapter.AdapterDefinition;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the points of one device once, outside any poller, for the technician who sets an adapter up: the
 * raw registers next to the value decoded in the configured order and in every other byte/word order, so
 * that the right order is seen at a glance (a float that reads 229.8 in CDAB and 1.2e-38 in ABCD).
 */
public final class TestRead {

    /**
     * What one point read.
     *
     * @param point       point name
     * @param table       register table
     * @param address     wire address
     * @param raw         the registers as hex, one group of four digits per register ("43E5 CCCD")
     * @param value       decoded as configured, null on error
     * @param byOrder     order letters → value, for multi-register numbers; empty otherwise
     * @param error       why nothing was read, null on success
     */
    public record PointResult(String point, String table, int address, String raw, Object value,
                              Map<String, Object> byOrder, String error) {
    }

    private TestRead() {
    }

    /**
     * @param adapter   a Modbus adapter (need not be saved or running)
     * @param deviceId  one of its devices
     * @throws IllegalArgumentException when the device is not in the adapter or the adapter is not Modbus
     * @throws FieldLinkException when the connection cannot be opened
     */
    public static List<PointResult> run(final AdapterDefinition adapter, final String deviceId) {
        if (!adapter.kind().isModbus()) {
            throw new IllegalArgumentException("a test read is for Modbus adapters; " + adapter.kind().configName()
                    + " devices send by themselves: watch them in the live view");
        }
        final Device device = adapter.devices().stream().filter(d -> d.id().equals(deviceId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device '" + deviceId + "' in adapter " + adapter.name()));
        final List<PointResult> out = new ArrayList<>();
        try (ModbusLink link = ModbusPoller.link(adapter)) {
            link.open();
            for (final Point p : device.points()) {
                out.add(read(link, device.unitId(), p));
            }
        }
        return out;
    }

    private static PointResult read(final ModbusLink link, final int unit, final Point p) {
        try {
            if (p.table().isBitTable()) {
                final boolean bit = link.readBits(unit, p.table(), p.address(), 1)[0];
                return new PointResult(p.name(), p.table().configName(), p.address(), bit ? "1" : "0", bit, Map.of(), null);
            }
            final byte[] regs = link.readRegisters(unit, p.table(), p.address(), p.width());
            final Map<String, Object> byOrder = new LinkedHashMap<>();
            if (p.width() > 1 && p.dataType().isNumeric()) {
                for (final RegisterOrder o : new RegisterOrder[] {RegisterOrder.ABCD, RegisterOrder.CDAB,
                    RegisterOrder.BADC, RegisterOrder.DCBA}) {
                    byOrder.put(o.letters(), decodeOrError(regs, withOrder(p, o)));
                }
            } else if (p.width() == 1 && p.dataType() != DataType.BIT) {
                byOrder.put("AB", decodeOrError(regs, withOrder(p, RegisterOrder.ABCD)));
                byOrder.put("BA", decodeOrError(regs, withOrder(p, RegisterOrder.BADC)));
            }
            return new PointResult(p.name(), p.table().configName(), p.address(), hex(regs), decodeOrError(regs, p),
                    byOrder, null);
        } catch (final ModbusDeviceException | ModbusTimeoutException | ModbusFrameException e) {
            return new PointResult(p.name(), p.table().configName(), p.address(), null, null, Map.of(), e.getMessage());
        }
    }

    private static Object decodeOrError(final byte[] regs, final Point p) {
        try {
            return RegisterCodec.decode(regs, 0, p);
        } catch (final DecodeException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static Point withOrder(final Point p, final RegisterOrder o) {
        return new Point(p.name(), p.table(), p.address(), p.dataType(), p.width(), p.bit(), o, p.scale(), p.offset(),
                p.unit(), p.interval(), p.options());
    }

    private static String hex(final byte[] regs) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < regs.length; i += 2) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(HexFormat.of().withUpperCase().formatHex(regs, i, i + 2));
        }
        return b.toString();
    }
}
