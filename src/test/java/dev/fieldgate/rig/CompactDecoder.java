package dev.fieldgate.rig;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the compact telemetry encoding as a consumer would: from the descriptor set the build publishes
 * ({@code telemetry/fieldgate-telemetry.desc}) and protobuf's {@link DynamicMessage}, never the gateway's
 * generated classes, so that the published schema itself is what is tested. Keeps every schema seen by id.
 */
public final class CompactDecoder {

    private static final String DESCRIPTOR = "/telemetry/fieldgate-telemetry.desc";

    private final Descriptor publish;
    private final Map<Integer, List<Point>> schemas = new HashMap<>();

    /** Loads the published descriptor set from the class path. */
    public CompactDecoder() {
        try (InputStream in = CompactDecoder.class.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                throw new IllegalStateException(DESCRIPTOR + " is not on the class path: the build did not publish it");
            }
            final FileDescriptorSet set = FileDescriptorSet.parseFrom(in);
            if (set.getFileCount() != 1) {
                throw new IllegalStateException("the descriptor set holds " + set.getFileCount() + " files, not only the telemetry schema");
            }
            final FileDescriptor file = FileDescriptor.buildFrom(set.getFile(0), new FileDescriptor[0]);
            this.publish = file.findMessageTypeByName("Publish");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A point of a schema. */
    public record Point(String name, String unit, String type, int decimals) {
    }

    /** A decoded reading: the value as the JSON encoding would carry it (Long, Double, Boolean, String). */
    public record Reading(String point, Object value, String unit, String quality, long timestamp, String detail) {
    }

    /** One decoded device poll. */
    public record Batch(String messageId, int schemaId, List<Reading> readings) {
    }

    /** What one publish carried: batches, and the message ids of the schemas. */
    public record Publish(boolean backlog, boolean compressed, List<Batch> batches, List<String> schemas) {
    }

    /**
     * @param payload a publish on a telemetry or schema topic
     * @return what it carried; schemas are remembered
     * @throws IllegalStateException when a batch names a schema not seen before, or the payload is not version 2
     */
    public Publish decode(final byte[] payload) {
        DynamicMessage m = parse(payload);
        if (((Number) m.getField(field(m, "version"))).intValue() != 2) {
            throw new IllegalStateException("not payload version 2");
        }
        final boolean backlog = (Boolean) m.getField(field(m, "backlog"));
        final String compression = ((EnumValueDescriptor) m.getField(field(m, "compression"))).getName();
        final boolean compressed = !"NONE".equals(compression);
        if (compressed) {
            if (!"DEFLATE".equals(compression)) {
                throw new IllegalStateException("unknown compression " + compression);
            }
            m = parse(inflate(((ByteString) m.getField(field(m, "compressed"))).toByteArray()));
        }
        final List<String> schemaIds = new ArrayList<>();
        for (final Object s : list(m, "schemas")) {
            schemaIds.add(learn((DynamicMessage) s));
        }
        final List<Batch> batches = new ArrayList<>();
        for (final Object b : list(m, "batches")) {
            batches.add(batch((DynamicMessage) b));
        }
        return new Publish(backlog, compressed, batches, schemaIds);
    }

    /** @return the points of a schema seen so far, by alias */
    public List<Point> schema(final int id) {
        return schemas.get(id);
    }

    private String learn(final DynamicMessage schema) {
        final List<Point> points = new ArrayList<>();
        for (final Object o : list(schema, "points")) {
            final DynamicMessage p = (DynamicMessage) o;
            final int alias = ((Number) p.getField(field(p, "alias"))).intValue();
            if (alias != points.size()) {
                throw new IllegalStateException("aliases are not 0..n-1 in order");
            }
            points.add(new Point((String) p.getField(field(p, "name")), (String) p.getField(field(p, "unit")),
                    ((EnumValueDescriptor) p.getField(field(p, "type"))).getName(),
                    ((Number) p.getField(field(p, "decimals"))).intValue()));
        }
        schemas.put((Integer) schema.getField(field(schema, "id")), points);
        return (String) schema.getField(field(schema, "message_id"));
    }

    private Batch batch(final DynamicMessage b) {
        final int schemaId = (Integer) b.getField(field(b, "schema_id"));
        final List<Point> points = schemas.get(schemaId);
        if (points == null) {
            throw new IllegalStateException("batch " + messageId(b) + " uses schema "
                    + Integer.toHexString(schemaId) + ", not seen before");
        }
        final long time = (Long) b.getField(field(b, "time"));
        final List<?> aliases = list(b, "aliases");
        final List<?> deltas = list(b, "time_deltas");
        final List<?> integers = list(b, "integers");
        final List<?> floats = list(b, "floats");
        final List<?> doubles = list(b, "doubles");
        final List<?> texts = list(b, "texts");
        int ni = 0;
        int nf = 0;
        int nd = 0;
        int nt = 0;
        final List<Reading> out = new ArrayList<>();
        for (int i = 0; i < aliases.size(); i++) {
            final Point p = points.get((Integer) aliases.get(i));
            final Object value;
            switch (p.type()) {
                case "INTEGER":
                    value = integers.get(ni++);
                    break;
                case "BOOLEAN":
                    value = ((Long) integers.get(ni++)) != 0;
                    break;
                case "DECIMAL":
                    // as the .proto says: the mantissa divided, in double precision, by 10^decimals
                    value = (Long) integers.get(ni++) / Math.pow(10, p.decimals());
                    break;
                case "FLOAT":
                    value = (double) (Float) floats.get(nf++);
                    break;
                case "DOUBLE":
                    value = doubles.get(nd++);
                    break;
                case "TEXT":
                    value = texts.get(nt++);
                    break;
                default:
                    throw new IllegalStateException("point " + p.name() + " has no value type");
            }
            final long ts = time + (deltas.isEmpty() ? 0 : (Long) deltas.get(i));
            out.add(new Reading(p.name(), value, p.unit(), "good", ts, null));
        }
        if (ni != integers.size() || nf != floats.size() || nd != doubles.size() || nt != texts.size()) {
            throw new IllegalStateException("value columns hold more values than the aliases use");
        }
        for (final Object o : list(b, "faults")) {
            final DynamicMessage f = (DynamicMessage) o;
            final Point p = points.get((Integer) f.getField(field(f, "alias")));
            final String quality = ((EnumValueDescriptor) f.getField(field(f, "quality"))).getName()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            out.add(new Reading(p.name(), null, p.unit(), quality, time + (Long) f.getField(field(f, "time_delta")),
                    (String) f.getField(field(f, "detail"))));
        }
        return new Batch(messageId(b), schemaId, out);
    }

    /** The message id as the .proto says: the string, or the epoch as 8 hex digits, '-', the sequence. */
    private static String messageId(final DynamicMessage b) {
        final String text = (String) b.getField(field(b, "message_id"));
        if (!text.isEmpty()) {
            return text;
        }
        return String.format("%08x-%d", (Integer) b.getField(field(b, "id_epoch")), (Long) b.getField(field(b, "id_seq")));
    }

    private DynamicMessage parse(final byte[] bytes) {
        try {
            return DynamicMessage.parseFrom(publish, bytes);
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException("not a Publish: " + e.getMessage(), e);
        }
    }

    private static byte[] inflate(final byte[] compressed) {
        final Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                final int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("truncated deflate stream");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (final DataFormatException e) {
            throw new IllegalStateException(e);
        } finally {
            inflater.end();
        }
    }

    private static FieldDescriptor field(final DynamicMessage m, final String name) {
        final FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        if (f == null) {
            throw new IllegalStateException(m.getDescriptorForType().getName() + " has no field " + name);
        }
        return f;
    }

    private static List<?> list(final DynamicMessage m, final String name) {
        return (List<?>) m.getField(field(m, name));
    }
}
