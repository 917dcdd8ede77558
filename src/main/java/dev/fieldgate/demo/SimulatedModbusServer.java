package dev.fieldgate.demo;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Device;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.modbus.RegisterCodec;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Modbus TCP server (j2mod slave) on 127.0.0.1 that serves the points of some devices, each device under
 * its unit id. Values are written with the same codec the gateway reads with, so whatever a device's
 * byte and word order, the gateway must decode exactly what was set.
 */
public final class SimulatedModbusServer implements AutoCloseable {

    private final ModbusSlave slave;
    private final Map<Integer, SimpleProcessImage> images = new HashMap<>();
    private final Map<Integer, Device> devices = new HashMap<>();

    private SimulatedModbusServer(final ModbusSlave slave) {
        this.slave = slave;
    }

    /**
     * Starts serving.
     *
     * @param port     TCP port on 127.0.0.1
     * @param devices  devices to serve; each gets a process image covering its points, initially zero
     * @return the running server
     * @throws IllegalStateException when the port cannot be opened
     */
    public static SimulatedModbusServer start(final int port, final List<Device> devices) {
        try {
            final ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
            final SimulatedModbusServer server = new SimulatedModbusServer(slave);
            for (final Device d : devices) {
                final SimpleProcessImage image = new SimpleProcessImage(d.unitId());
                final java.util.Set<String> added = new java.util.HashSet<>();
                for (final Point p : d.points()) {
                    for (int a = p.address(); a < p.endAddress(); a++) {
                        if (added.add(p.table() + ":" + a)) {
                            addItem(image, p, a);
                        }
                    }
                }
                server.images.put(d.unitId(), image);
                server.devices.put(d.unitId(), d);
                slave.addProcessImage(d.unitId(), image);
            }
            slave.open();
            return server;
        } catch (final ModbusException e) {
            throw new IllegalStateException("cannot serve Modbus on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    private static void addItem(final SimpleProcessImage image, final Point p, final int address) {
        switch (p.table()) {
            case COIL:
                image.addDigitalOut(address, new SimpleDigitalOut(false));
                break;
            case DISCRETE_INPUT:
                image.addDigitalIn(address, new SimpleDigitalIn(false));
                break;
            case INPUT_REGISTER:
                image.addInputRegister(address, new SimpleInputRegister(0));
                break;
            default:
                image.addRegister(address, new SimpleRegister(0));
        }
    }

    /**
     * Sets a point's engineering value (encoded with its data type, scale and byte/word order).
     *
     * @param unitId  the device's unit id
     * @param point   the point
     * @param value   Number, Boolean or String
     */
    public synchronized void set(final int unitId, final Point point, final Object value) {
        final SimpleProcessImage image = images.get(unitId);
        if (point.dataType() == DataType.BOOL) {
            final boolean b = (Boolean) value;
            if (point.table() == dev.fieldgate.field.RegisterType.COIL) {
                image.getDigitalOut(point.address()).set(b);
            } else {
                image.setDigitalIn(point.address(), new SimpleDigitalIn(b));
            }
            return;
        }
        byte[] regs = RegisterCodec.encode(value, point);
        if (point.dataType() == DataType.BIT) {
            // a bit shares its register with other bits or a whole-word point: change only that bit
            regs = withBit(current(image, point), regs, point);
        }
        for (int i = 0; i < point.width(); i++) {
            final int a = point.address() + i;
            if (point.table() == dev.fieldgate.field.RegisterType.INPUT_REGISTER) {
                image.setInputRegister(a, new SimpleInputRegister(regs[i * 2], regs[i * 2 + 1]));
            } else {
                image.getRegister(a).setValue(new byte[] {regs[i * 2], regs[i * 2 + 1]});
            }
        }
    }

    /** @return the point's current engineering value as the gateway would decode it. */
    public synchronized Object value(final int unitId, final Point point) {
        final SimpleProcessImage image = images.get(unitId);
        if (point.table() == dev.fieldgate.field.RegisterType.COIL) {
            return image.getDigitalOut(point.address()).isSet();
        }
        if (point.table() == dev.fieldgate.field.RegisterType.DISCRETE_INPUT) {
            return image.getDigitalIn(point.address()).isSet();
        }
        final byte[] regs = new byte[point.width() * 2];
        for (int i = 0; i < point.width(); i++) {
            final byte[] r = point.table() == dev.fieldgate.field.RegisterType.INPUT_REGISTER
                    ? image.getInputRegister(point.address() + i).toBytes() : image.getRegister(point.address() + i).toBytes();
            regs[i * 2] = r[0];
            regs[i * 2 + 1] = r[1];
        }
        return RegisterCodec.decode(regs, 0, point);
    }

    private static byte[] current(final SimpleProcessImage image, final Point p) {
        return p.table() == dev.fieldgate.field.RegisterType.INPUT_REGISTER
                ? image.getInputRegister(p.address()).toBytes() : image.getRegister(p.address()).toBytes();
    }

    private static byte[] withBit(final byte[] current, final byte[] bitOnly, final Point p) {
        final byte[] mask = RegisterCodec.encode(true, p);
        final byte[] out = new byte[2];
        for (int i = 0; i < 2; i++) {
            out[i] = (byte) ((current[i] & ~mask[i]) | (bitOnly[i] & mask[i]));
        }
        return out;
    }

    /** Moves every point of every device along its demo signal. */
    public synchronized void advance(final double seconds) {
        devices.forEach((unit, d) -> d.points().forEach(p -> set(unit, p, DemoSignal.valueAt(p, unit, seconds))));
    }

    @Override
    public void close() {
        slave.close();
    }
}
