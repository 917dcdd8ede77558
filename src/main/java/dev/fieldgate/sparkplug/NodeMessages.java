package dev.fieldgate.sparkplug;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The payloads an edge node sends (spec 6.4.18 - 6.4.21). Pure. */
final class NodeMessages {

    /** The metric of NBIRTH and NDEATH that ties a death to its birth (spec 6.4.18, 6.4.19). */
    static final String BD_SEQ = "bdSeq";
    /** The node control a host writes true to ask for every birth again (spec 6.4.18). */
    static final String REBIRTH = "Node Control/Rebirth";

    private NodeMessages() {
    }

    /** @return NDEATH: no seq, only the bdSeq of the session it ends. */
    static byte[] ndeath(final long bdSeq, final long now) {
        return SparkplugCodec.encode(new SparkplugPayload(now, OptionalLong.empty(),
                List.of(Metric.named(BD_SEQ, now, MetricType.INT64, bdSeq))));
    }

    /** @return NBIRTH: seq 0, the session's bdSeq and the rebirth control. */
    static byte[] nbirth(final long bdSeq, final long now) {
        return SparkplugCodec.encode(new SparkplugPayload(now, OptionalLong.of(0), List.of(
                Metric.named(BD_SEQ, now, MetricType.INT64, bdSeq),
                Metric.named(REBIRTH, now, MetricType.BOOLEAN, false))));
    }

    /** @return DBIRTH: every metric of the device with name, alias, type, properties and current value. */
    static byte[] dbirth(final DeviceMetrics device, final int seq, final long now) {
        final List<Metric> metrics = new ArrayList<>();
        device.slots().forEach(s -> metrics.add(s.birth(now)));
        return SparkplugCodec.encode(new SparkplugPayload(now, OptionalLong.of(seq), metrics));
    }

    /** @return DDATA: the changed metrics by alias only, with their own timestamps. */
    static byte[] ddata(final List<DeviceMetrics.Slot> changed, final int seq, final long now) {
        return SparkplugCodec.encode(new SparkplugPayload(now, OptionalLong.of(seq),
                changed.stream().map(DeviceMetrics.Slot::data).toList()));
    }

    /** @return DDEATH: a seq and no metrics. */
    static byte[] ddeath(final int seq, final long now) {
        return SparkplugCodec.encode(new SparkplugPayload(now, OptionalLong.of(seq), List.of()));
    }
}
