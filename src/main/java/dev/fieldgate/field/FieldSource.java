package dev.fieldgate.field;

/** Something that produces readings on its own thread: a poller of a Modbus connection, a serial sensor reader. */
public interface FieldSource {

    /** Starts producing readings; returns at once. */
    void start();

    /** Stops and releases the connection; waits briefly for the thread to end. */
    void stop();

    /** @return how a device of this source is doing, or null when the device is not one of its own. */
    DeviceStatus status(String deviceId);
}
