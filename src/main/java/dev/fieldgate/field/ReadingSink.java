package dev.fieldgate.field;

/** Where pollers hand their readings; implementations must not block the poller for long. */
public interface ReadingSink {

    /**
     * Takes one poll's readings. Never throws: a sink that cannot accept counts and logs the loss itself.
     *
     * @param batch the readings of one device poll
     */
    void accept(DeviceReadings batch);
}
