package dev.fieldgate.telemetry.compact;

import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.telemetry.TelemetryCodec;
import dev.fieldgate.telemetry.TelemetryEncoder;
import dev.fieldgate.telemetry.TelemetryTopics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Payload version 2 ({@link CompactTelemetryCodec}): a device's point table goes to its schema topic ahead of
 * the first poll that needs it, in the same outbox stream so that it is delivered first; every poll then goes
 * to the telemetry topic by alias.
 */
public final class CompactTelemetryEncoder implements TelemetryEncoder {

    /** A schema point's name, unit, alias and type, generously: what the outbox reserves until the commit. */
    private static final int SCHEMA_SIZE_HINT_PER_POINT = 96;

    private final PointTables tables;
    private final TelemetryTopics telemetryTopics;
    private final TelemetryTopics schemaTopics;

    /**
     * @param tables           the devices' point tables
     * @param telemetryTopics  topic per device for polls
     * @param schemaTopics     topic per device for its point table
     */
    public CompactTelemetryEncoder(final PointTables tables, final TelemetryTopics telemetryTopics,
                                   final TelemetryTopics schemaTopics) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.telemetryTopics = Objects.requireNonNull(telemetryTopics, "telemetryTopics");
        this.schemaTopics = Objects.requireNonNull(schemaTopics, "schemaTopics");
    }

    @Override
    public List<OutboundMessage> messages(final DeviceReadings batch) {
        final String device = batch.deviceId();
        final PointTables.Resolved resolved = tables.resolve(device, batch.readings());
        final PointTable table = resolved.table();
        final List<OutboundMessage> out = new ArrayList<>(1 + resolved.toAnnounce().size());
        for (final PointTable announce : resolved.toAnnounce()) {
            out.add(new OutboundMessage(device, schemaTopics.topicFor(device), QOS,
                    id -> CompactTelemetryCodec.encodeSchema(id, announce),
                    SCHEMA_SIZE_HINT_PER_POINT * Math.max(1, announce.points().size())));
        }
        out.add(new OutboundMessage(device, telemetryTopics.topicFor(device), QOS,
                id -> CompactTelemetryCodec.encode(id, table, batch.readings()), TelemetryCodec.estimateBytes(batch)));
        return out;
    }

    @Override
    public String refresh(final String deviceId) {
        tables.announceAgain(deviceId);
        return "the device's recent point tables go out ahead of its next telemetry message (with report: on-change, "
                + "at its next change or heartbeat)";
    }
}
