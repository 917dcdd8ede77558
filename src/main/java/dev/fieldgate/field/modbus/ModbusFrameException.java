package dev.fieldgate.field.modbus;

import com.ghgande.j2mod.modbus.ModbusException;

/** An answer arrived garbled (CRC error, RTU): the request's points are bad, the device is not backed off. */
public class ModbusFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong */
    public ModbusFrameException(final String message) {
        super(message);
    }

    /**
     * j2mod reports a CRC mismatch only as the text of an I/O exception, so the text is the one signal there is.
     *
     * @return true when {@code e} is j2mod's CRC error
     */
    static boolean isCrcError(final ModbusException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("CRC Error")) {
                return true;
            }
        }
        return false;
    }
}
