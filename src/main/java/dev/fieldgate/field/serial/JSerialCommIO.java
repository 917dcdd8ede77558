package dev.fieldgate.field.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.fieldgate.field.FieldLinkException;

/** A serial port through jSerialComm, read semi-blocking so that the reader notices a stop request quickly. */
public final class JSerialCommIO implements SerialIO {

    private static final int READ_TIMEOUT_MS = 200;

    private final SerialLine line;
    private SerialPort port;

    /** @param line the port and its settings */
    public JSerialCommIO(final SerialLine line) {
        this.line = line;
    }

    @Override
    public void open() {
        SerialPorts.checkUsable(line.port());
        final SerialPort p = SerialPort.getCommPort(line.port());
        p.setComPortParameters(line.baudRate(), line.dataBits(),
                line.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT,
                SerialPorts.parityCode(line.parity()));
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS, 0);
        if (line.rs485()) {
            p.setRs485ModeParameters(true, true, 0, 0);
        }
        if (!p.openPort()) {
            throw new FieldLinkException(describe(p.getLastErrorCode()));
        }
        port = p;
    }

    private String describe(final int errno) {
        switch (errno) {
            case 2: return "serial port " + line.port() + " does not exist";
            case 13: return "no permission to use serial port " + line.port()
                    + " (add the user to the 'dialout' group, or map the device into the container)";
            case 16: return "serial port " + line.port() + " is in use by another program";
            default: return "serial port " + line.port() + " could not be opened (error " + errno + ")";
        }
    }

    @Override
    public int read(final byte[] buffer) {
        final int n = port.readBytes(buffer, buffer.length);
        // an unplugged USB adapter may just read nothing: look for the device file only when nothing came
        if (n < 0 || (n == 0 && !SerialPorts.exists(line.port()))) {
            return -1;
        }
        return n;
    }

    @Override
    public void close() {
        if (port != null) {
            port.closePort();
            port = null;
        }
    }
}
