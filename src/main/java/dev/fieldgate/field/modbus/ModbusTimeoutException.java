package dev.fieldgate.field.modbus;

/** The device did not answer within the connection's timeout. */
public class ModbusTimeoutException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean linkInSync;

    /** @param message what timed out; the link may hold a late answer and must be reopened */
    public ModbusTimeoutException(final String message) {
        this(message, false);
    }

    /**
     * @param message     what timed out
     * @param linkInSync  true when the connection carries no late answer (the timeout was reported by a
     *                    gateway), so it can stay open
     */
    public ModbusTimeoutException(final String message, final boolean linkInSync) {
        super(message);
        this.linkInSync = linkInSync;
    }

    /** @return true when the connection can be kept. */
    public boolean linkInSync() {
        return linkInSync;
    }
}
