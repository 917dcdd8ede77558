package dev.fieldgate.telemetry.compact;

import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.telemetry.compact.proto.Batch;
import dev.fieldgate.telemetry.compact.proto.Fault;
import dev.fieldgate.telemetry.compact.proto.Publish;
import dev.fieldgate.telemetry.compact.proto.ValueType;

import java.util.List;
import java.util.Map;

/**
 * Writes telemetry payload version 2, the compact encoding ({@code fieldgate_telemetry.proto}): a
 * {@code Publish} holding one {@code Batch} per device poll, values by alias in typed columns, times as deltas,
 * quality only when not good; and the {@code Schema} message that resolves the aliases.
 */
public final class CompactTelemetryCodec {

    /** Payload version of this encoding. */
    public static final int VERSION = 2;

    private CompactTelemetryCodec() {
    }

    /**
     * @param messageId  the outbox's stable message id
     * @param table      a table every reading fits ({@link PointTables#resolve})
     * @param readings   the readings of one device poll
     * @return a serialized {@code Publish}
     * @throws IllegalArgumentException when a reading's point or type is not in the table
     */
    public static byte[] encode(final String messageId, final PointTable table, final List<Reading> readings) {
        final Map<String, Integer> aliases = table.aliases();
        final long time = readings.get(0).timestamp();
        boolean oneTime = true;
        for (final Reading r : readings) {
            oneTime &= r.timestamp() == time;
        }
        final Batch.Builder b = Batch.newBuilder().setMessageId(messageId).setSchemaId(table.id()).setTime(time);
        for (final Reading r : readings) {
            final Integer alias = aliases.get(r.point());
            if (alias == null) {
                throw new IllegalArgumentException("point " + r.point() + " is not in table " + table.id());
            }
            if (!r.quality().isGood()) {
                b.addFaults(Fault.newBuilder().setAlias(alias).setQuality(quality(r.quality()))
                        .setTimeDelta(r.timestamp() - time).setDetail(r.detail() == null ? "" : r.detail()));
                continue;
            }
            b.addAliases(alias);
            if (!oneTime) {
                b.addTimeDeltas(r.timestamp() - time);
            }
            addValue(b, table.point(alias).getType(), r.value());
        }
        return Publish.newBuilder().setVersion(VERSION).addBatches(b).build().toByteArray();
    }

    /**
     * @param messageId  the outbox's stable message id
     * @param table      a device's table
     * @return a serialized {@code Publish} holding the table as a {@code Schema}
     */
    public static byte[] encodeSchema(final String messageId, final PointTable table) {
        return Publish.newBuilder().setVersion(VERSION).addSchemas(table.toSchema().toBuilder().setMessageId(messageId))
                .build().toByteArray();
    }

    private static void addValue(final Batch.Builder b, final ValueType type,
                                 final Object v) {
        switch (type) {
            case INTEGER:
                b.addIntegers((Long) v);
                break;
            case BOOLEAN:
                b.addIntegers((Boolean) v ? 1 : 0);
                break;
            case FLOAT:
                b.addFloats(((Number) v).floatValue());
                break;
            case DOUBLE:
                b.addDoubles(((Number) v).doubleValue());
                break;
            case TEXT:
                b.addTexts(v.toString());
                break;
            default:
                throw new IllegalArgumentException("no value type for " + v);
        }
    }

    private static dev.fieldgate.telemetry.compact.proto.Quality quality(final Quality q) {
        return dev.fieldgate.telemetry.compact.proto.Quality.valueOf(q.name());
    }
}
