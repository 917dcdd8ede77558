package dev.fieldgate.field.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.adapter.TcpEndpoint;

import java.util.Locale;

/**
 * A link over TCP through j2mod's TCP master: Modbus TCP (MBAP header), or RTU frames with CRC for a serial
 * device server that passes bytes through unchanged.
 */
final class J2modTcpLink extends J2modLink {

    private final TcpEndpoint endpoint;
    private final boolean rtuOverTcp;
    private final String uri;

    J2modTcpLink(final TcpEndpoint endpoint, final boolean rtuOverTcp, final String uri) {
        this.endpoint = endpoint;
        this.rtuOverTcp = rtuOverTcp;
        this.uri = uri;
    }

    @Override
    protected AbstractModbusMaster connect() {
        final int timeoutMs = (int) endpoint.timeout().toMillis();
        // reconnect=false: j2mod only reconnects inside its retry loop; this link reopens explicitly instead.
        return connected(new ModbusTCPMaster(endpoint.host(), endpoint.port(), timeoutMs, false, rtuOverTcp),
                e -> "cannot connect to " + uri + ": " + e.getMessage());
    }

    /**
     * Exception responses are per request; anything else leaves the TCP stream in an unknown state (a late
     * answer could be taken for the next request's), so the connection is dropped and reopened.
     */
    @Override
    protected ModbusDeviceException translate(final ModbusException e) throws ModbusTimeoutException, ModbusFrameException {
        if (e instanceof ModbusSlaveException) {
            return new ModbusDeviceException(((ModbusSlaveException) e).getType());
        }
        close();
        if (ModbusFrameException.isCrcError(e)) {
            throw new ModbusFrameException("answer from " + uri + " failed its CRC check");
        }
        if (e instanceof ModbusIOException && !((ModbusIOException) e).isEOF() && !isConnectionLost(e)) {
            if (!isTimeout(e)) {
                // bytes came back, but not a Modbus answer (wrong length, protocol or transaction id): a wrong port
                // or a confused device, not a busy one
                throw new ModbusFrameException("answer from " + uri + " is not a Modbus TCP frame: " + e.getMessage());
            }
            throw new ModbusTimeoutException("no answer from " + uri + " within " + endpoint.timeout().toMillis() + " ms");
        }
        throw new FieldLinkException("connection to " + uri + " lost: " + e.getMessage(), e);
    }

    /**
     * j2mod 3.3.0 re-wraps every I/O failure of a transaction in one exception without cause or end-of-stream flag
     * ("Executing transaction … failed (tried 1 times) Premature end of stream …"): its text is the one signal.
     */
    private static boolean isTimeout(final Throwable e) {
        return mentions(e, "timeout");
    }

    /** The peer hung up or the socket broke: the connection is lost, not the answer garbled. */
    private static boolean isConnectionLost(final Throwable e) {
        return mentions(e, "premature end of stream") || mentions(e, "end of file") || mentions(e, "connection reset")
                || mentions(e, "broken pipe") || mentions(e, "failed to write") || mentions(e, "socket closed");
    }

    private static boolean mentions(final Throwable e, final String words) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
        }
        return false;
    }
}
