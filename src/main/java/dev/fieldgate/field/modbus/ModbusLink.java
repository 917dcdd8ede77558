package dev.fieldgate.field.modbus;

import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.RegisterType;

/**
 * Moves Modbus requests and answers over one connection; knows nothing of points or decoding.
 * Not thread-safe: one poller owns a link.
 */
public interface ModbusLink extends AutoCloseable {

    /** Opens the connection if it is not open. @throws FieldLinkException when it cannot be opened */
    void open();

    /** @return true while the connection is believed to be usable. */
    boolean isOpen();

    /**
     * Reads registers (FC 3 or 4).
     *
     * @return the registers' bytes in wire order, two per register
     * @throws ModbusDeviceException on an exception response
     * @throws ModbusTimeoutException when no answer came in time
     * @throws ModbusFrameException when the answer was garbled (CRC error)
     * @throws FieldLinkException when the connection broke; the link is closed
     */
    byte[] readRegisters(int unitId, RegisterType table, int start, int count)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException;

    /**
     * Reads coils or discrete inputs (FC 1 or 2).
     *
     * @return one boolean per bit
     * @throws ModbusDeviceException on an exception response
     * @throws ModbusTimeoutException when no answer came in time
     * @throws ModbusFrameException when the answer was garbled (CRC error)
     * @throws FieldLinkException when the connection broke; the link is closed
     */
    boolean[] readBits(int unitId, RegisterType table, int start, int count)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException;

    /**
     * Writes holding registers: FC 6 for one register, as devices that lack FC 16 need, else FC 16.
     *
     * @param wire the registers' bytes in wire order, two per register
     * @throws ModbusDeviceException on an exception response
     * @throws ModbusTimeoutException when no answer came in time; the write may or may not have happened
     * @throws ModbusFrameException when the answer was garbled
     * @throws FieldLinkException when the connection broke; the link is closed
     */
    void writeRegisters(int unitId, int start, byte[] wire)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException;

    /**
     * Writes one coil (FC 5).
     *
     * @throws ModbusDeviceException on an exception response
     * @throws ModbusTimeoutException when no answer came in time; the write may or may not have happened
     * @throws ModbusFrameException when the answer was garbled
     * @throws FieldLinkException when the connection broke; the link is closed
     */
    void writeCoil(int unitId, int address, boolean value)
            throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException;

    /** Closes the connection; never throws. */
    @Override
    void close();
}
