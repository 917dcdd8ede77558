package dev.fieldgate.field.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.serial.SerialLine;
import dev.fieldgate.field.serial.SerialPorts;

/**
 * Modbus RTU on a serial line through j2mod's serial master (which drives jSerialComm). A timeout or a CRC
 * error concerns one unit only: the port stays open. The port is closed and reopened only when it failed
 * or disappeared (a USB adapter unplugged).
 */
final class J2modRtuLink extends J2modLink {

    private final SerialLine line;
    private final String uri;

    J2modRtuLink(final SerialLine line, final String uri) {
        this.line = line;
        this.uri = uri;
    }

    @Override
    protected AbstractModbusMaster connect() {
        SerialPorts.checkUsable(line.port());
        final SerialParameters p = new SerialParameters();
        p.setPortName(line.port());
        p.setBaudRate(line.baudRate());
        p.setDatabits(line.dataBits());
        p.setStopbits(line.stopBits());
        p.setParity(SerialPorts.parityCode(line.parity()));
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(false);
        p.setRs485Mode(line.rs485());
        return connected(new ModbusSerialMaster(p, (int) line.timeout().toMillis()),
                e -> "cannot open " + uri + ": " + SerialPorts.describeOpenFailure(line.port(), e));
    }

    @Override
    protected ModbusDeviceException translate(final ModbusException e) throws ModbusTimeoutException, ModbusFrameException {
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
