package dev.fieldgate.field.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.RegisterType;
import dev.fieldgate.field.serial.SerialLine;
import dev.fieldgate.field.serial.SerialPorts;

/**
 * Modbus RTU on a serial line through j2mod's serial master (which drives jSerialComm). A timeout or a CRC
 * error concerns one unit only: the port stays open. The port is closed and reopened only when it failed
 * or disappeared (a USB adapter unplugged).
 */
final class J2modRtuLink implements ModbusLink {

    private final SerialLine line;
    private final String uri;
    private ModbusSerialMaster master;

    J2modRtuLink(final SerialLine line, final String uri) {
        this.line = line;
        this.uri = uri;
    }

    @Override
    public void open() {
        if (master != null) {
            return;
        }
        SerialPorts.checkUsable(line.port());
        final SerialParameters p = new SerialParameters();
        p.setPortName(line.port());
        p.setBaudRate(line.baudRate());
        p.setDatabits(line.dataBits());
        p.setStopbits(line.stopBits());
        p.setParity(parity());
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(false);
        p.setRs485Mode(line.rs485());
        final ModbusSerialMaster m = new ModbusSerialMaster(p, (int) line.timeout().toMillis());
        try {
            m.connect();
        } catch (final Exception e) {
            m.disconnect();
            throw new FieldLinkException("cannot open " + uri + ": " + SerialPorts.describeOpenFailure(line.port(), e), e);
        }
        // j2mod treats 0 as "use the default of 5"; one attempt per request keeps a dead unit from holding the
        // line for several timeouts. Set after connect(), which makes a new transaction.
        m.setRetries(1);
        master = m;
    }

    private int parity() {
        switch (line.parity()) {
            case EVEN: return com.fazecast.jSerialComm.SerialPort.EVEN_PARITY;
            case ODD: return com.fazecast.jSerialComm.SerialPort.ODD_PARITY;
            default: return com.fazecast.jSerialComm.SerialPort.NO_PARITY;
        }
    }

    @Override
    public boolean isOpen() {
        return master != null;
    }

    @Override
    public byte[] readRegisters(final int unitId, final RegisterType table, final int start, final int count)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException {
        final ModbusSerialMaster m = requireOpen();
        try {
            final InputRegister[] regs = table == RegisterType.HOLDING_REGISTER
                    ? m.readMultipleRegisters(unitId, start, count)
                    : m.readInputRegisters(unitId, start, count);
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
    public boolean[] readBits(final int unitId, final RegisterType table, final int start, final int count)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException {
        final ModbusSerialMaster m = requireOpen();
        try {
            final BitVector bits = table == RegisterType.COIL
                    ? m.readCoils(unitId, start, count)
                    : m.readInputDiscretes(unitId, start, count);
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
    public void close() {
        if (master != null) {
            master.disconnect();
            master = null;
        }
    }

    private ModbusSerialMaster requireOpen() {
        open();
        return master;
    }

    private ModbusDeviceException translate(final ModbusException e) throws ModbusTimeoutException, ModbusFrameException {
        if (e instanceof ModbusSlaveException) {
            return new ModbusDeviceException(((ModbusSlaveException) e).getType());
        }
        if (!SerialPorts.exists(line.port())) {
            close();
            throw new FieldLinkException("serial port " + line.port() + " disappeared (adapter unplugged?)", e);
        }
        if (ModbusFrameException.isCrcError(e)) {
            throw new ModbusFrameException("answer on " + line.port() + " failed its CRC check");
        }
        // the line is shared: a silent unit costs one timeout, the port stays open for the others
        throw new ModbusTimeoutException("no answer on " + line.port() + " within " + line.timeout().toMillis()
                + " ms", true);
    }
}
