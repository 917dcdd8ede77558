package dev.fieldgate.field.modbus;

/** The device answered a request with a Modbus exception response (Modbus Application Protocol V1.1b §7). */
public class ModbusDeviceException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int code;

    /** @param code the exception code, 1..255 */
    public ModbusDeviceException(final int code) {
        super(String.format("exception %02d %s", code, describe(code)));
        this.code = code;
    }

    /** @return the Modbus exception code. */
    public int code() {
        return code;
    }

    /**
     * @return true for 0x0A gateway path unavailable and 0x0B gateway target device failed to respond: the
     *         device behind a gateway is unreachable, rather than refusing this request
     */
    public boolean isTargetUnreachable() {
        return code == 10 || code == 11;
    }

    /** @return the name the specification gives the code. */
    static String describe(final int code) {
        switch (code) {
            case 1: return "illegal function";
            case 2: return "illegal data address";
            case 3: return "illegal data value";
            case 4: return "server device failure";
            case 5: return "acknowledge";
            case 6: return "server device busy";
            case 8: return "memory parity error";
            case 10: return "gateway path unavailable";
            case 11: return "gateway target device failed to respond";
            default: return "unknown";
        }
    }
}
