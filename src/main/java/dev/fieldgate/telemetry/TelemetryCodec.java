package dev.fieldgate.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Reading;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes telemetry payload version 1: one JSON object per device poll.
 *
 * <pre>{"v":1,"messageId":"3f2a9c1e-42","gateway":"gw-1","device":"meter-1","readings":[
 *   {"point":"voltage-l1","value":229.4,"unit":"V","quality":"good","ts":1795000000123},
 *   {"point":"status","quality":"bad-timeout","ts":1795000000123,"error":"no answer within 1000 ms"}]}</pre>
 *
 * Streaming generation: no reflection, no intermediate tree.
 */
public final class TelemetryCodec {

    /** Payload schema version. */
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private TelemetryCodec() {
    }

    /**
     * @param messageId  the outbox's stable message id
     * @param gatewayId  the gateway
     * @param batch      the readings of one device poll
     * @return UTF-8 JSON
     */
    public static byte[] encode(final String messageId, final String gatewayId, final DeviceReadings batch) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64 + batch.readings().size() * 80);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("messageId", messageId);
            g.writeStringField("gateway", gatewayId);
            g.writeStringField("device", batch.deviceId());
            g.writeArrayFieldStart("readings");
            for (final Reading r : batch.readings()) {
                writeReading(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeReading(final JsonGenerator g, final Reading r) throws IOException {
        g.writeStartObject();
        g.writeStringField("point", r.point());
        final Object v = r.value();
        if (v instanceof Long) {
            g.writeNumberField("value", (Long) v);
        } else if (v instanceof Double) {
            g.writeNumberField("value", (Double) v);
        } else if (v instanceof Boolean) {
            g.writeBooleanField("value", (Boolean) v);
        } else if (v != null) {
            g.writeStringField("value", v.toString());
        }
        if (!r.unit().isEmpty()) {
            g.writeStringField("unit", r.unit());
        }
        g.writeStringField("quality", r.quality().wireName());
        g.writeNumberField("ts", r.timestamp());
        if (r.detail() != null) {
            g.writeStringField("error", r.detail());
        }
        g.writeEndObject();
    }
}
