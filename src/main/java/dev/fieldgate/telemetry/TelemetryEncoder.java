package dev.fieldgate.telemetry;

import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.field.DeviceReadings;

import java.util.List;

/** Turns one device poll into the messages that carry it upstream, in the configured encoding. */
public interface TelemetryEncoder {

    /** QoS of telemetry: at least once, duplicates dropped by message id. */
    int QOS = 1;

    /**
     * @param batch the readings of one device poll that are to go upstream
     * @return the messages to append to the outbox, in order, at least one
     */
    List<OutboundMessage> messages(DeviceReadings batch);

    /**
     * Makes the device's next message carry whatever a consumer needs to decode it again (its tables); may do
     * nothing.
     *
     * @return what will happen, for the requester
     */
    String refresh(String deviceId);
}
