package dev.fieldgate.sparkplug;

import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.adapter.SparkplugEdge;
import dev.fieldgate.field.serial.SensorSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A remote edge node as a host application follows it (spec 5, 7): its bdSeq and seq, the aliases its births
 * declared, and which of its messages become readings of the configured device. Decides when a rebirth must be
 * asked for: data before a birth, a seq gap, an alias no birth declared. Pure state; not thread-safe.
 */
final class RemoteNodeTracker {

    /**
     * What one message means for the device.
     *
     * @param readings  readings of the configured points, possibly none
     * @param rebirth   why the node must be asked for its births again, if it must
     */
    record Outcome(List<Reading> readings, Optional<String> rebirth) {
        static final Outcome NOTHING = new Outcome(List.of(), Optional.empty());
    }

    private final SparkplugEdge source;
    private final SensorSpec spec;
    private final Map<Long, String> aliases = new HashMap<>();
    private Long bdSeq;
    private int lastSeq = -1;
    private boolean nodeBorn;
    private boolean scopeBorn;

    RemoteNodeTracker(final SparkplugEdge source, final SensorSpec spec) {
        this.source = source;
        this.spec = spec;
    }

    /** @return true while the node and (if one is configured) its device are born. */
    boolean alive() {
        return nodeBorn && scopeBorn;
    }

    Outcome onMessage(final SparkplugTopic t, final SparkplugPayload p) {
        switch (t.type()) {
            case NBIRTH:
                return nbirth(p);
            case NDEATH:
                return ndeath(p);
            case NCMD:
            case DCMD:
                return Outcome.NOTHING;
            default:
                return data(t, p);
        }
    }

    private Outcome nbirth(final SparkplugPayload p) {
        bdSeq = p.metrics().stream().filter(m -> m.name().filter(NodeMessages.BD_SEQ::equals).isPresent())
                .map(m -> m.value() instanceof Long l ? l : null).findFirst().orElse(null);
        lastSeq = (int) p.seq().orElse(0);
        nodeBorn = true;
        if (source.device().isPresent()) {
            // after a new NBIRTH every device must be born again before its data counts
            scopeBorn = false;
            aliases.clear();
            return Outcome.NOTHING;
        }
        return birth(p);
    }

    private Outcome ndeath(final SparkplugPayload p) {
        final Long death = p.metrics().stream().filter(m -> m.name().filter(NodeMessages.BD_SEQ::equals).isPresent())
                .map(m -> m.value() instanceof Long l ? l : null).findFirst().orElse(null);
        if (bdSeq != null && death != null && !death.equals(bdSeq)) {
            return Outcome.NOTHING;   // the will of an older session, after the new birth: stale
        }
        final boolean was = alive();
        nodeBorn = false;
        scopeBorn = false;
        return was ? dead("edge node " + source.edgeNode() + " went offline (NDEATH)", p.timestamp()) : Outcome.NOTHING;
    }

    private Outcome data(final SparkplugTopic t, final SparkplugPayload p) {
        final Optional<String> gap = checkSeq(p);
        if (gap.isPresent()) {
            // something was missed, perhaps a birth that changed the aliases: nothing counts until the births again
            forget();
            return new Outcome(List.of(), gap);
        }
        if (!source.device().equals(t.device())) {
            return Outcome.NOTHING;
        }
        switch (t.type()) {
            case DBIRTH:
                return birth(p);
            case DDEATH: {
                final boolean was = alive();
                scopeBorn = false;
                return was ? dead("device " + t.device().orElse("") + " went offline (DDEATH)", p.timestamp())
                        : Outcome.NOTHING;
            }
            default:
                if (!alive()) {
                    return new Outcome(List.of(), Optional.of(t.type() + " before its birth"));
                }
                return values(p);
        }
    }

    /**
     * The connection to the plant broker was lost: what the node does meanwhile is unknown, so its points turn bad
     * (consumers holding the last value, as report by exception asks them to, must not hold a stale one as good)
     * and only new births are trusted.
     *
     * @return bad readings for every point when the node was alive, else nothing
     */
    Outcome lost(final String detail, final long timestamp) {
        final boolean was = nodeBorn && scopeBorn;
        forget();
        return was ? dead(detail, timestamp) : Outcome.NOTHING;
    }

    /** Forgets the births: after a lost connection or a gap, only new births are trusted. */
    void forget() {
        nodeBorn = false;
        scopeBorn = false;
        aliases.clear();
    }

    private Optional<String> checkSeq(final SparkplugPayload p) {
        if (!nodeBorn) {
            return Optional.of("a message before NBIRTH");
        }
        final int expected = (lastSeq + 1) & 0xFF;
        final int seq = (int) p.seq().orElse(-1);
        lastSeq = seq;
        return seq == expected ? Optional.empty() : Optional.of("seq " + seq + " where " + expected + " was due");
    }

    private Outcome birth(final SparkplugPayload p) {
        aliases.clear();
        final Map<String, Object> fields = new HashMap<>();
        final List<Reading> out = new ArrayList<>();
        for (final Metric m : p.metrics()) {
            if (m.name().isEmpty()) {
                continue;
            }
            m.alias().ifPresent(a -> aliases.put(a, m.name().get()));
            fields.clear();
            final Optional<Object> v = fieldOf(m);
            if (v.isPresent()) {
                fields.put(m.name().get(), v.get());
                out.addAll(spec.readings(fields, m.timestamp()));
            } else {
                out.addAll(unusable(m.name().get(), m));
            }
        }
        scopeBorn = true;
        return new Outcome(out, Optional.empty());
    }

    private Outcome values(final SparkplugPayload p) {
        final List<Reading> out = new ArrayList<>();
        Optional<String> rebirth = Optional.empty();
        for (final Metric m : p.metrics()) {
            final String name = m.alias().isPresent() ? aliases.get(m.alias().getAsLong()) : m.name().orElse(null);
            if (name == null) {
                rebirth = Optional.of("alias " + m.alias().getAsLong() + " declared by no birth");
                continue;
            }
            final Optional<Object> v = fieldOf(m);
            if (v.isPresent()) {
                out.addAll(spec.readings(Map.of(name, v.get()), m.timestamp()));
            } else {
                out.addAll(unusable(name, m));
            }
        }
        return new Outcome(out, rebirth);
    }

    private Outcome dead(final String detail, final long timestamp) {
        final List<Reading> bad = new ArrayList<>();
        spec.points().forEach(pt -> bad.add(Reading.bad(pt.name(), pt.unit(), Quality.BAD_NO_CONNECTION, timestamp,
                detail)));
        return new Outcome(bad, Optional.empty());
    }

    /**
     * A metric without a usable value (is_null, NaN, infinite, a type no point takes): bad readings for the
     * points it feeds, as a Modbus register holding NaN gives, rather than a stale or poisoned good value.
     */
    private List<Reading> unusable(final String metric, final Metric m) {
        final String detail = m.value() == null ? "metric " + metric + " is null"
                : "metric " + metric + " holds no usable value (" + m.value() + ")";
        final List<Reading> bad = new ArrayList<>();
        for (final SensorSpec.SensorPoint pt : spec.points()) {
            if (pt.field().equals(metric)) {
                bad.add(Reading.bad(pt.name(), pt.unit(), Quality.BAD_DECODE, m.timestamp(), detail));
            }
        }
        return bad;
    }

    private static Optional<Object> fieldOf(final Metric m) {
        final Object v = MetricTypes.toFieldValue(m);
        return v instanceof Double && !Double.isFinite((Double) v) ? Optional.empty() : Optional.ofNullable(v);
    }
}
