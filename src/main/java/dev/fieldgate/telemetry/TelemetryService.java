package dev.fieldgate.telemetry;

/** What other capabilities may ask of telemetry. */
public interface TelemetryService {

    /**
     * Makes the device's next telemetry carry whatever a consumer needs to decode it (the compact encoding's
     * schema message); does nothing for the self-describing JSON encoding.
     *
     * @param deviceId the device
     * @return what will happen, for the requester
     */
    String refresh(String deviceId);
}
