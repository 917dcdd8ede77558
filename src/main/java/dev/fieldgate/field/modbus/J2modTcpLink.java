package dev.fieldgate.field.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.RegisterType;
import dev.fieldgate.field.adapter.TcpEndpoint;

/**
 * A link over TCP through j2mod's TCP master: Modbus TCP (MBAP header), or RTU frames with CRC for a serial
 * device server that passes bytes through unchanged.
 */
final class J2modTcpLink implements ModbusLink {

    private final TcpEndpoint endpoint;
    private final boolean rtuOverTcp;
    private final String uri;
    private ModbusTCPMaster master;

    J2modTcpLink(final TcpEndpoint endpoint, final boolean rtuOverTcp, final String uri) {
        this.endpoint = endpoint;
        this.rtuOverTcp = rtuOverTcp;
        this.uri = uri;
    }

    @Override
    public void open() {
        if (master != null) {
            return;
        }
        final int timeoutMs = (int) endpoint.timeout().toMillis();
        // reconnect=false: j2mod only reconnects inside its retry loop; this link reopens explicitly instead.
        final ModbusTCPMaster m = new ModbusTCPMaster(endpoint.host(), endpoint.port(), timeoutMs, false, rtuOverTcp);
        try {
            m.connect();
        } catch (final Exception e) {
            m.disconnect();
            throw new FieldLinkException("cannot connect to " + uri + ": " + e.getMessage(), e);
        }
        // j2mod treats 0 as "use the default of 5"; one attempt per request keeps a dead unit from
        // holding the connection for several timeouts. Must be set after connect(), which makes a new transaction.
        m.setRetries(1);
        master = m;
    }

    @Override
    public boolean isOpen() {
        return master != null;
    }

    @Override
    public byte[] readRegisters(final int unitId, final RegisterType table, final int start, final int count)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException {
        final ModbusTCPMaster m = requireOpen();
        try {
            final InputRegister[] regs = table == RegisterType.HOLDING_REGISTER
                    ? m.readMultipleRegisters(unitId, start, count)
                    : m.readInputRegisters(unitId, start, count);
            if (regs.length != count) {
                throw new ModbusTimeoutException("answer held " + regs.length + " registers, asked for " + count);
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
        final ModbusTCPMaster m = requireOpen();
        try {
            final BitVector bits = table == RegisterType.COIL
                    ? m.readCoils(unitId, start, count)
                    : m.readInputDiscretes(unitId, start, count);
            if (bits.size() < count) {
                throw new ModbusTimeoutException("answer held " + bits.size() + " bits, asked for " + count);
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

    /** Reopens a connection dropped after a garbled or late answer; a failure here is a link failure. */
    private ModbusTCPMaster requireOpen() {
        open();
        return master;
    }

    /**
     * Exception responses are per request; anything else leaves the TCP stream in an unknown state (a late
     * answer could be taken for the next request's), so the connection is dropped and reopened.
     */
    private ModbusDeviceException translate(final ModbusException e) throws ModbusTimeoutException, ModbusFrameException {
        if (e instanceof ModbusSlaveException) {
            return new ModbusDeviceException(((ModbusSlaveException) e).getType());
        }
        close();
        if (ModbusFrameException.isCrcError(e)) {
            throw new ModbusFrameException("answer from " + uri + " failed its CRC check");
        }
        if (e instanceof ModbusIOException && !((ModbusIOException) e).isEOF()) {
            throw new ModbusTimeoutException("no answer from " + uri + " within "
                    + endpoint.timeout().toMillis() + " ms");
        }
        throw new FieldLinkException("connection to " + uri + " lost: " + e.getMessage(), e);
    }
}
