package dev.fieldgate.field.modbus;

/** The device did not answer within the connection's timeout. */
public class ModbusTimeoutException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what timed out */
    public ModbusTimeoutException(final String message) {
        super(message);
    }
}
