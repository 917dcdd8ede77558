package dev.fieldgate.sparkplug;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.fieldgate.sparkplug.proto.SparkplugBProtos.Payload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sparkplug B payloads to and from bytes (spec 6.4). Pure: no I/O, clocks or logging.
 *
 * <p>Signed Int8/16/32 travel two's complement in the 32-bit {@code int_value}, sign-extended as Eclipse Tahu
 * writes them; the decoder also takes the width-sized form, which the specification leaves open. The decoder
 * reads whichever value member is set, so a peer that puts a UInt32 in {@code int_value} is understood too.
 */
public final class SparkplugCodec {

    private SparkplugCodec() {
    }

    /**
     * @param payload what to send
     * @return the protobuf bytes
     * @throws IllegalArgumentException when an integer value does not fit its metric's type
     */
    public static byte[] encode(final SparkplugPayload payload) {
        final Payload.Builder b = Payload.newBuilder().setTimestamp(payload.timestamp());
        payload.seq().ifPresent(b::setSeq);
        for (final Metric m : payload.metrics()) {
            b.addMetrics(metric(m));
        }
        return b.build().toByteArray();
    }

    /**
     * @param bytes a received payload
     * @return the payload; metrics of types Fieldgate does not decode come with a null value
     * @throws SparkplugDecodeException when the bytes are not a Sparkplug B payload
     */
    public static SparkplugPayload decode(final byte[] bytes) {
        final Payload p;
        try {
            p = Payload.parseFrom(bytes);
        } catch (final InvalidProtocolBufferException e) {
            throw new SparkplugDecodeException("not a Sparkplug B payload: " + e.getMessage(), e);
        }
        if (p.hasSeq() && (p.getSeq() < 0 || p.getSeq() > 255)) {
            throw new SparkplugDecodeException("seq " + Long.toUnsignedString(p.getSeq()) + " is outside 0..255");
        }
        final List<Metric> metrics = new ArrayList<>(p.getMetricsCount());
        for (final Payload.Metric m : p.getMetricsList()) {
            metrics.add(metric(m, p.getTimestamp()));
        }
        return new SparkplugPayload(p.getTimestamp(), p.hasSeq() ? OptionalLong.of(p.getSeq()) : OptionalLong.empty(),
                metrics);
    }

    private static Payload.Metric metric(final Metric m) {
        final Payload.Metric.Builder b = Payload.Metric.newBuilder().setTimestamp(m.timestamp())
                .setDatatype(m.type().code());
        m.name().ifPresent(b::setName);
        m.alias().ifPresent(b::setAlias);
        if (m.historical()) {
            b.setIsHistorical(true);
        }
        if (!m.properties().isEmpty()) {
            b.setProperties(properties(m.properties()));
        }
        if (m.isNull()) {
            return b.setIsNull(true).build();
        }
        final Object v = m.value();
        switch (m.type().wire()) {
            case INT:
                return b.setIntValue((int) checked(m, (Long) v)).build();
            case LONG:
                return b.setLongValue(checked(m, (Long) v)).build();
            case FLOAT:
                return b.setFloatValue(((Double) v).floatValue()).build();
            case DOUBLE:
                return b.setDoubleValue((Double) v).build();
            case BOOLEAN:
                return b.setBooleanValue((Boolean) v).build();
            case STRING:
                return b.setStringValue((String) v).build();
            case BYTES:
                return b.setBytesValue(ByteString.copyFrom((byte[]) v)).build();
            default:
                throw new IllegalArgumentException("metric of an unsupported type cannot carry a value");
        }
    }

    private static long checked(final Metric m, final long v) {
        final long[] range = m.type().range();
        if (v < range[0] || v > range[1]) {
            throw new IllegalArgumentException(v + " does not fit " + m.type() + " (metric "
                    + m.name().orElse("#" + m.alias().orElse(-1)) + ")");
        }
        return v;
    }

    private static Payload.PropertySet properties(final Map<String, Object> properties) {
        final Payload.PropertySet.Builder set = Payload.PropertySet.newBuilder();
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            final Object v = e.getValue();
            final Payload.PropertyValue.Builder pv = Payload.PropertyValue.newBuilder();
            if (v instanceof Boolean bool) {
                pv.setType(MetricType.BOOLEAN.code()).setBooleanValue(bool);
            } else if (v instanceof Long l) {
                pv.setType(MetricType.INT64.code()).setLongValue(l);
            } else if (v instanceof Double d) {
                pv.setType(MetricType.DOUBLE.code()).setDoubleValue(d);
            } else {
                pv.setType(MetricType.STRING.code()).setStringValue(String.valueOf(v));
            }
            set.addKeys(e.getKey()).addValues(pv);
        });
        return set.build();
    }

    private static Metric metric(final Payload.Metric m, final long payloadTimestamp) {
        final MetricType type = MetricType.ofCode(m.getDatatype());
        final Optional<String> name = m.hasName() ? Optional.of(m.getName()) : Optional.empty();
        final OptionalLong alias = m.hasAlias() ? OptionalLong.of(m.getAlias()) : OptionalLong.empty();
        if (name.isEmpty() && alias.isEmpty()) {
            throw new SparkplugDecodeException("a metric has neither name nor alias");
        }
        // spec 6.4.3: a metric without its own timestamp takes the payload's
        final long ts = m.hasTimestamp() ? m.getTimestamp() : payloadTimestamp;
        final Object value = m.getIsNull() ? null : value(m, type);
        return new Metric(name, alias, ts, type, value,
                m.hasProperties() ? properties(m.getProperties()) : Map.of(), m.getIsHistorical());
    }

    private static Object value(final Payload.Metric m, final MetricType type) {
        switch (m.getValueCase()) {
            case INT_VALUE:
                return fromInt(type, m.getIntValue(), m);
            case LONG_VALUE:
                return fromLong(type, m.getLongValue(), m);
            case FLOAT_VALUE:
                return expect(type, MetricType.Wire.FLOAT, m, Double.parseDouble(Float.toString(m.getFloatValue())));
            case DOUBLE_VALUE:
                return expect(type, MetricType.Wire.DOUBLE, m, m.getDoubleValue());
            case BOOLEAN_VALUE:
                return expect(type, MetricType.Wire.BOOLEAN, m, m.getBooleanValue());
            case STRING_VALUE:
                return expect(type, MetricType.Wire.STRING, m, m.getStringValue());
            case BYTES_VALUE:
                return type == MetricType.BYTES ? m.getBytesValue().toByteArray() : null;
            case VALUE_NOT_SET:
                if (type != MetricType.UNSUPPORTED) {
                    throw new SparkplugDecodeException("metric " + label(m) + " of type " + type + " has no value "
                            + "and is not null");
                }
                return null;
            default:
                // DataSet, Template, extensions: kept as a metric without a value Fieldgate could use
                return null;
        }
    }

    private static Object fromInt(final MetricType type, final int bits, final Payload.Metric m) {
        switch (type) {
            case INT8:
            case INT16:
                // the sign-extended form (-1 as 0xFFFFFFFF) and the width-sized one (-1 as 0xFF) both decode
                final int width = type == MetricType.INT8 ? 8 : 16;
                final long signExtended = type.range()[0];
                if (bits >= signExtended && bits <= type.range()[1]) {
                    return (long) bits;
                }
                if (Integer.toUnsignedLong(bits) >>> width == 0) {
                    return (long) (type == MetricType.INT8 ? (byte) bits : (short) bits);
                }
                throw mismatch(type, m);
            case INT32:
            case INT64:
                return (long) bits;
            case UINT8:
            case UINT16:
            case UINT32:
            case UINT64:
                return inRange(type, Integer.toUnsignedLong(bits), m);
            default:
                throw mismatch(type, m);
        }
    }

    private static Object fromLong(final MetricType type, final long bits, final Payload.Metric m) {
        if (!type.isInteger()) {
            throw mismatch(type, m);
        }
        // a UInt64 above Long.MAX_VALUE arrives negative here and is refused: Fieldgate's values are signed longs
        return inRange(type, bits, m);
    }

    private static Object inRange(final MetricType type, final long value, final Payload.Metric m) {
        if (value < type.range()[0] || value > type.range()[1]) {
            throw mismatch(type, m);
        }
        return value;
    }

    private static Object expect(final MetricType type, final MetricType.Wire wire, final Payload.Metric m,
                                 final Object value) {
        if (type.wire() != wire) {
            throw mismatch(type, m);
        }
        return value;
    }

    private static SparkplugDecodeException mismatch(final MetricType type, final Payload.Metric m) {
        return new SparkplugDecodeException("metric " + label(m) + " of type " + type + " carries "
                + m.getValueCase().name().toLowerCase(Locale.ROOT) + " that does not fit it");
    }

    private static String label(final Payload.Metric m) {
        return m.hasName() ? "'" + m.getName() + "'" : "#" + m.getAlias();
    }

    private static Map<String, Object> properties(final Payload.PropertySet set) {
        if (set.getKeysCount() != set.getValuesCount()) {
            throw new SparkplugDecodeException("a property set has " + set.getKeysCount() + " keys but "
                    + set.getValuesCount() + " values");
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < set.getKeysCount(); i++) {
            final Payload.PropertyValue v = set.getValues(i);
            final Object value;
            switch (v.getValueCase()) {
                case INT_VALUE: value = Integer.toUnsignedLong(v.getIntValue()); break;
                case LONG_VALUE: value = v.getLongValue(); break;
                case FLOAT_VALUE: value = (double) v.getFloatValue(); break;
                case DOUBLE_VALUE: value = v.getDoubleValue(); break;
                case BOOLEAN_VALUE: value = v.getBooleanValue(); break;
                case STRING_VALUE: value = v.getStringValue(); break;
                default: value = null;
            }
            if (value != null) {
                out.put(set.getKeys(i), value);
            }
        }
        return out;
    }
}
