package dev.fieldgate.telemetry;

import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.field.DeviceReadings;

import java.util.List;
import java.util.Objects;

/** Payload version 1: one self-describing JSON message per device poll ({@link TelemetryCodec}). */
public final class JsonTelemetryEncoder implements TelemetryEncoder {

    private final TelemetryTopics topics;
    private final String gatewayId;

    /**
     * @param topics     topic per device
     * @param gatewayId  written into each payload
     */
    public JsonTelemetryEncoder(final TelemetryTopics topics, final String gatewayId) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    }

    @Override
    public List<OutboundMessage> messages(final DeviceReadings batch) {
        return List.of(new OutboundMessage(batch.deviceId(), topics.topicFor(batch.deviceId()), QOS,
                id -> TelemetryCodec.encode(id, gatewayId, batch), TelemetryCodec.estimateBytes(batch)));
    }

    @Override
    public String refresh(final String deviceId) {
        return "JSON telemetry names its points in every message: there is no schema to send";
    }
}
