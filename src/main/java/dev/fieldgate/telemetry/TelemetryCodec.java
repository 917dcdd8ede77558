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
    /** Envelope of one message (ids, gateway, device, brackets) and the queued operation around it. */
    private static final int BATCH_OVERHEAD_BYTES = 256;
    /**
     * One reading as a record with a boxed value (about 64 bytes of heap), then as JSON without its names
     * (keys, quality, value, timestamp: about 70 bytes).
     */
    private static final int READING_OVERHEAD_BYTES = 136;
    private static final int TYPICAL_NAMES_BYTES = 16;

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

    /**
     * An upper estimate of the bytes a batch holds until it is committed: its readings as objects, then as
     * JSON. What the outbox reserves of its intake budget.
     *
     * @param batch the readings of one device poll
     * @return estimated bytes
     */
    public static int estimateBytes(final DeviceReadings batch) {
        int bytes = BATCH_OVERHEAD_BYTES;
        for (final Reading r : batch.readings()) {
            bytes += READING_OVERHEAD_BYTES + r.point().length() + r.unit().length()
                    + (r.detail() == null ? 0 : r.detail().length());
        }
        return bytes;
    }

    /**
     * The same estimate before the readings exist, for back-pressure checks: points of typical name length.
     *
     * @param readings readings in the batch
     * @return estimated bytes
     */
    public static int estimateBytes(final int readings) {
        return BATCH_OVERHEAD_BYTES + readings * (READING_OVERHEAD_BYTES + TYPICAL_NAMES_BYTES);
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
