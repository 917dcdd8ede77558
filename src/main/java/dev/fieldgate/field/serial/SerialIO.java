package dev.fieldgate.field.serial;

import dev.fieldgate.field.FieldLinkException;

/** Reads bytes from a serial port. Not thread-safe: one reader owns it. */
public interface SerialIO extends AutoCloseable {

    /** Opens the port. @throws FieldLinkException naming the port and why it cannot be opened */
    void open();

    /**
     * Waits up to a fraction of a second for bytes.
     *
     * @return bytes read (0 when none came), or -1 when the port failed or disappeared
     */
    int read(byte[] buffer);

    /** Closes the port; never throws. */
    @Override
    void close();
}
