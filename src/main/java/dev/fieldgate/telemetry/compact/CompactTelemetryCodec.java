package dev.fieldgate.telemetry.compact;

import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.telemetry.compact.proto.Batch;
import dev.fieldgate.telemetry.compact.proto.Fault;
import dev.fieldgate.telemetry.compact.proto.Publish;
import dev.fieldgate.telemetry.compact.proto.PointInfo;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes telemetry payload version 2, the compact encoding ({@code fieldgate_telemetry.proto}): a
 * {@code Publish} holding one {@code Batch} per device poll, values by alias in typed columns, times as deltas,
 * quality only when not good; and the {@code Schema} message that resolves the aliases.
 */
public final class CompactTelemetryCodec {

    /** Payload version of this encoding. */
    public static final int VERSION = 2;
    /** The outbox's message ids: the database file's epoch (8 hex digits), '-', the row's sequence number. */
    private static final Pattern OUTBOX_ID = Pattern.compile("([0-9a-f]{8})-([0-9]{1,19})");

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
        final Batch.Builder b = Batch.newBuilder().setSchemaId(table.id()).setTime(time);
        setMessageId(b, messageId);
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
            addValue(b, table.point(alias), r.value());
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

    /**
     * The outbox's ids ({@code 3f2a9c1e-42}) travel as a fixed32 and a varint (about 8 bytes instead of 15);
     * any other id as the string itself.
     */
    private static void setMessageId(final Batch.Builder b, final String messageId) {
        final Matcher m = OUTBOX_ID.matcher(messageId);
        if (m.matches()) {
            try {
                b.setIdEpoch(Integer.parseUnsignedInt(m.group(1), 16)).setIdSeq(Long.parseLong(m.group(2)));
                return;
            } catch (final NumberFormatException e) {
                // a sequence beyond a long: keep the text
            }
        }
        b.setMessageId(messageId);
    }

    private static void addValue(final Batch.Builder b, final PointInfo point, final Object v) {
        switch (point.getType()) {
            case INTEGER:
                b.addIntegers((Long) v);
                break;
            case BOOLEAN:
                b.addIntegers((Boolean) v ? 1 : 0);
                break;
            case DECIMAL:
                b.addIntegers(ValueStats.mantissa(v, point.getDecimals()));
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
                throw new IllegalArgumentException("point " + point.getName() + " has no value type for " + v);
        }
    }

    private static dev.fieldgate.telemetry.compact.proto.Quality quality(final Quality q) {
        return dev.fieldgate.telemetry.compact.proto.Quality.valueOf(q.name());
    }
}
