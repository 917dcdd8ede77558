package dev.fieldgate.field;

/** Where pollers hand their readings; implementations must not block the poller for long. */
public interface ReadingSink {

    /**
     * Takes one poll's readings. Never throws: a sink that cannot accept counts and logs the loss itself.
     *
     * @param batch the readings of one device poll
     */
    void accept(DeviceReadings batch);

    /**
     * Back-pressure: whether a batch of about {@code readings} readings would be taken now. A poller that
     * hears no skips the poll and counts an overrun for the device instead of reading values that could not
     * be kept. Quick and non-blocking.
     *
     * @param readings readings the next batch will have
     * @return false while the sink is full; true by default
     */
    default boolean hasRoom(final int readings) {
        return true;
    }
}
