package dev.fieldgate.field.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import dev.fieldgate.field.RegisterType;

/**
 * What every j2mod master shares: the four read functions and their conversion to wire bytes and booleans.
 * Subclasses open their kind of master and say what a failure means on their kind of connection.
 */
abstract class J2modLink implements ModbusLink {

    private AbstractModbusMaster master;

    /**
     * Connects a new master.
     *
     * @return the connected master, retries already set
     * @throws dev.fieldgate.field.FieldLinkException when it cannot connect
     */
    protected abstract AbstractModbusMaster connect();

    /**
     * Classifies a failed request. An exception response is returned; a timeout, garbled answer or lost
     * connection is thrown.
     */
    protected abstract ModbusDeviceException translate(ModbusException e)
            throws ModbusTimeoutException, ModbusFrameException;

    /**
     * Connects a new master and limits it to one attempt per request: j2mod treats 0 retries as "the default
     * of 5", and more attempts would let a dead unit hold the connection for several timeouts. The retries are
     * set after connect(), which makes a new transaction.
     *
     * @param master    the master to connect
     * @param describe  turns a connect failure into a message naming the connection
     * @return the connected master
     * @throws dev.fieldgate.field.FieldLinkException when it cannot connect
     */
    protected static AbstractModbusMaster connected(final AbstractModbusMaster master,
                                                    final java.util.function.Function<Exception, String> describe) {
        try {
            master.connect();
        } catch (final Exception e) {
            master.disconnect();
            throw new dev.fieldgate.field.FieldLinkException(describe.apply(e), e);
        }
        master.setRetries(1);
        return master;
    }

    @Override
    public final void open() {
        if (master == null) {
            master = connect();
        }
    }

    @Override
    public final boolean isOpen() {
        return master != null;
    }

    @Override
    public final byte[] readRegisters(final int unitId, final RegisterType table, final int start, final int count)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException {
        open();
        try {
            final InputRegister[] regs = table == RegisterType.HOLDING_REGISTER
                    ? master.readMultipleRegisters(unitId, start, count)
                    : master.readInputRegisters(unitId, start, count);
            if (regs.length != count) {
                throw new ModbusFrameException("answer held " + regs.length + " registers, asked for " + count);
            }
            final byte[] out = new byte[count * 2];
            for (int i = 0; i < count; i++) {
                final byte[] b = regs[i].toBytes();
                out[i * 2] = b[0];
                out[i * 2 + 1] = b[1];
            }
            return out;
        } catch (final ModbusException e) {
            throw translate(e);
        }
    }

    @Override
    public final boolean[] readBits(final int unitId, final RegisterType table, final int start, final int count)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException {
        open();
        try {
            final BitVector bits = table == RegisterType.COIL
                    ? master.readCoils(unitId, start, count)
                    : master.readInputDiscretes(unitId, start, count);
            if (bits.size() < count) {
                throw new ModbusFrameException("answer held " + bits.size() + " bits, asked for " + count);
            }
            final boolean[] out = new boolean[count];
            for (int i = 0; i < count; i++) {
                out[i] = bits.getBit(i);
            }
            return out;
        } catch (final ModbusException e) {
            throw translate(e);
        }
    }

    @Override
    public final void writeRegisters(final int unitId, final int start, final byte[] wire)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException {
        open();
        final Register[] regs = new Register[wire.length / 2];
        for (int i = 0; i < regs.length; i++) {
            regs[i] = new SimpleRegister(wire[i * 2], wire[i * 2 + 1]);
        }
        try {
            if (regs.length == 1) {
                master.writeSingleRegister(unitId, start, regs[0]);
            } else {
                master.writeMultipleRegisters(unitId, start, regs);
            }
        } catch (final ModbusException e) {
            throw translate(e);
        }
    }

    @Override
    public final void writeCoil(final int unitId, final int address, final boolean value)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException {
        open();
        try {
            master.writeCoil(unitId, address, value);
        } catch (final ModbusException e) {
            throw translate(e);
        }
    }

    @Override
    public final void close() {
        if (master != null) {
            master.disconnect();
            master = null;
        }
    }
}
