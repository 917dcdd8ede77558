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

    /** Makes the device's next poll carry whatever a consumer needs to decode it again (a schema); may do nothing. */
    void refresh(String deviceId);
}
