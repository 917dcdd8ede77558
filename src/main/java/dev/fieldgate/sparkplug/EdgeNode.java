package dev.fieldgate.sparkplug;

import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.ReadingSink;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The Sparkplug 3.0 edge node's state: births, data by exception, deaths and sequence numbers. Readings come in
 * from the pollers; what the host sees goes out through the session. Thread-safe: one lock orders every message,
 * so seq on the wire counts up without gaps (spec 6.4.1: 0-255 across NBIRTH, DBIRTH, DDATA and DDEATH).
 *
 * <p>Nothing is published before the session is connected and, when a primary host is configured, before that
 * host's STATE says online; meanwhile the latest values are kept (bounded per device) and go out in the births.
 * Once a session was established, the DDATA that cannot go out (host offline, broker away) are held durably and
 * sent after the next births as historical data (Sparkplug 3.0, 6.4.3 {@code is_historical}), each metric with
 * its original timestamp.
 */
final class EdgeNode implements ReadingSink, SparkplugSession.Listener, HistoryReplay.Sender {

    private static final Logger LOG = Logger.getLogger(EdgeNode.class);

    private final String group;
    private final String nodeId;
    private final Optional<String> primaryHost;
    private final DeviceDirectory directory;
    private final SparkplugSession session;
    private final SparkplugMetrics metrics;
    private final int maxMetricsPerDevice;
    private final LongSupplier clock;
    private final Map<String, DeviceMetrics> devices = new LinkedHashMap<>();
    private final CommandDispatch commands;
    private final HeldData held;
    private final HistoryReplay replay;
    private long nextAlias = 1;
    private long bdSeq;
    private int seq;
    private boolean connected;
    private boolean born;
    /** A session was born once: from then on, what cannot be published is held. */
    private boolean established;
    private boolean hostOnline;
    private long hostStateAt = Long.MIN_VALUE;

    /**
     * @param ids                  group, edge node and primary host ids
     * @param directory            the running devices, for each point's type, unit and writability
     * @param session              where messages go
     * @param writer               runs DCMD writes
     * @param held                 where DDATA wait while they cannot be published
     * @param replay               sends the held DDATA after the births
     * @param metrics              counters
     * @param maxMetricsPerDevice  points kept per device
     * @param clock                epoch ms
     */
    EdgeNode(final NodeIds ids, final DeviceDirectory directory, final SparkplugSession session,
             final DcmdWriter writer, final HeldData held, final HistoryReplay replay, final SparkplugMetrics metrics,
             final int maxMetricsPerDevice, final LongSupplier clock) {
        this.group = ids.group();
        this.nodeId = ids.edgeNode();
        this.primaryHost = ids.primaryHost();
        this.directory = directory;
        this.session = session;
        this.metrics = metrics;
        this.maxMetricsPerDevice = maxMetricsPerDevice;
        this.clock = clock;
        this.commands = new CommandDispatch(ids, this, writer, metrics);
        this.held = held;
        this.replay = replay;
    }

    // ---- the session

    @Override
    public synchronized void connected(final long sessionBdSeq) {
        bdSeq = sessionBdSeq;
        connected = true;
        born = false;
        LOG.infof("Sparkplug edge node %s/%s connected (bdSeq %d)%s", group, nodeId, bdSeq,
                primaryHost.map(h -> "; births wait for primary host " + h).orElse(""));
        birthIfAllowed();
    }

    @Override
    public synchronized void lost() {
        connected = false;
        born = false;
        // the next connection learns the host's state anew from its retained STATE (spec 3.0: births wait for it)
        hostOnline = false;
        devices.values().forEach(d -> d.born(false));
    }

    @Override
    public void message(final String topic, final byte[] payload) {
        commands.dispatch(topic, payload);
    }

    /** The primary host's STATE; stale ones (older timestamp than one seen) are ignored (spec 3.0, 5.3). */
    synchronized void hostState(final HostState state) {
        if (state.timestamp() < hostStateAt) {
            LOG.debugf("Stale STATE of %s ignored", primaryHost.orElse("?"));
            return;
        }
        hostStateAt = state.timestamp();
        hostOnline = state.online();
        if (hostOnline) {
            birthIfAllowed();
        } else if (born) {
            // spec 3.0, 5.4: an edge node whose primary host went offline ends its session; its data are held from
            // now on and follow the next births as historical data
            born = false;
            session.restart("primary host " + primaryHost.orElse("") + " is offline");
        }
    }

    /** NCMD Node Control/Rebirth: every birth again, seq from 0, same bdSeq (spec 6.4.18). */
    synchronized void rebirth() {
        if (born) {
            LOG.infof("Rebirth requested on %s/%s", group, nodeId);
            births();
        }
    }

    private void birthIfAllowed() {
        if (connected && !born && (primaryHost.isEmpty() || hostOnline)) {
            births();
            established = true;
            // after the births, so that the host knows every alias the historical data use
            replay.start();
        }
    }

    private void births() {
        final long now = clock.getAsLong();
        seq = 0;
        send(SparkplugTopic.node(group, MessageType.NBIRTH, nodeId), NodeMessages.nbirth(bdSeq, now));
        born = true;
        // a device whose adapter was removed or reloaded without it is no longer declared, nor kept in memory
        devices.values().removeIf(d -> !directory.exists(d.deviceId()));
        for (final DeviceMetrics d : devices.values()) {
            d.born(false);
            if (d.alive()) {
                dbirth(d, now);
            }
        }
    }

    // ---- readings

    @Override
    public synchronized void accept(final DeviceReadings batch) {
        final DeviceMetrics d = devices.computeIfAbsent(batch.deviceId(), id -> new DeviceMetrics(id,
                maxMetricsPerDevice));
        final boolean declared = declare(d, batch.readings());
        final DeviceMetrics.Update update = d.apply(batch.readings());
        // a device is dead to the host only when it cannot be reached at all; an exception response or a bad
        // value of one poll group (others of the device may be fine) is a bad metric, not a DDEATH
        final boolean allBad = batch.readings().stream().allMatch(r -> r.quality() == Quality.BAD_NO_CONNECTION
                || r.quality() == Quality.BAD_TIMEOUT);
        final long now = clock.getAsLong();
        if (allBad) {
            if (d.alive() && born && d.born()) {
                send(SparkplugTopic.device(group, MessageType.DDEATH, nodeId, d.deviceId()),
                        NodeMessages.ddeath(nextSeq(), now));
                LOG.infof("Sparkplug DDEATH for %s: %s", d.deviceId(), batch.readings().get(0).detail());
            }
            d.alive(false);
            d.born(false);
            return;
        }
        d.alive(true);
        if (!born) {
            if (established && !update.changed().isEmpty()) {
                hold(d, update.changed(), now);
            }
            return;
        }
        if (!d.born() || declared || update.redeclare()) {
            dbirth(d, now);
        } else if (!update.changed().isEmpty()) {
            final SparkplugTopic topic = SparkplugTopic.device(group, MessageType.DDATA, nodeId, d.deviceId());
            if (!session.publish(topic.toString(), NodeMessages.ddata(update.changed(), nextSeq(), now))) {
                // the connection went before the node heard of it: the data are held, not lost
                metrics.publishDropped.increment();
                hold(d, update.changed(), now);
            }
        }
    }

    private void hold(final DeviceMetrics d, final List<DeviceMetrics.Slot> changed, final long now) {
        held.hold(d.deviceId(), SparkplugTopic.device(group, MessageType.DDATA, nodeId, d.deviceId()).toString(),
                changed.stream().map(DeviceMetrics.Slot::named).toList(), now);
    }

    /**
     * One held DDATA as historical data: its metrics by the aliases of the current births, each flagged
     * {@code is_historical} with its original timestamp, and the next seq. A message of a device that is not born
     * yet waits for its DBIRTH (the host could not resolve its aliases before); one of a device no longer configured
     * is dropped, and so is a metric whose point is no longer declared with the same type.
     */
    @Override
    public synchronized HistoryReplay.Attempt sendHistorical(final OutboxEntry entry) {
        if (!born) {
            return HistoryReplay.Attempt.nodeNotBorn();
        }
        if (!directory.exists(entry.stream())) {
            return discard(entry);
        }
        final DeviceMetrics d = devices.get(entry.stream());
        if (d == null || !d.born()) {
            return HistoryReplay.Attempt.deviceWaiting();
        }
        final List<Metric> stored;
        try {
            stored = SparkplugCodec.decode(entry.payload()).metrics();
        } catch (final SparkplugDecodeException e) {
            LOG.warnf("Held DDATA %d of %s is unreadable and dropped: %s", entry.id(), entry.stream(), e.getMessage());
            return discard(entry);
        }
        final List<Metric> historical = new ArrayList<>();
        for (final Metric m : stored) {
            final Optional<DeviceMetrics.Slot> slot = m.name().flatMap(d::byName);
            if (slot.isPresent() && slot.get().definition.type() == m.type()) {
                historical.add(Metric.aliased(slot.get().alias, m.timestamp(), m.type(), m.value()).asHistorical());
            } else {
                metrics.metricsDropped.increment();
            }
        }
        if (historical.isEmpty()) {
            return discard(entry);
        }
        final byte[] payload = SparkplugCodec.encode(new SparkplugPayload(clock.getAsLong(),
                OptionalLong.of(nextSeq()), historical));
        // QoS 1, unlike live DDATA (spec 4.2 asks QoS 0): the held copy is the only one, and it may be removed only
        // once the broker has confirmed it; a host subscribed with QoS 0 still receives it as any DDATA
        return HistoryReplay.Attempt.sent(session.publishConfirmed(entry.topic(), payload));
    }

    private HistoryReplay.Attempt discard(final OutboxEntry entry) {
        held.discard(entry);
        return HistoryReplay.Attempt.dropped();
    }

    /** A confirmed write's read-back: published as DDATA even when the value did not change. */
    synchronized void readBack(final String deviceId, final Reading reading) {
        final DeviceMetrics d = devices.get(deviceId);
        final Optional<DeviceMetrics.Slot> slot = d == null ? Optional.empty() : d.byName(reading.point());
        if (slot.isEmpty()) {
            return;
        }
        final DeviceMetrics.Update u = d.apply(List.of(reading));
        if (born && d.born() && !u.redeclare()) {
            send(SparkplugTopic.device(group, MessageType.DDATA, nodeId, deviceId),
                    NodeMessages.ddata(List.of(slot.get()), nextSeq(), clock.getAsLong()));
        } else if (born && d.born()) {
            dbirth(d, clock.getAsLong());
        }
    }

    /** @return the device's metric named or aliased as {@code m} says, with its declaration; empty when unknown. */
    synchronized Optional<Resolved> resolve(final String deviceId, final Metric m) {
        final DeviceMetrics d = devices.get(deviceId);
        if (d == null) {
            return Optional.empty();
        }
        final Optional<DeviceMetrics.Slot> s = m.alias().isPresent() ? d.byAlias(m.alias().getAsLong())
                : d.byName(m.name().orElseThrow());
        return s.map(slot -> new Resolved(slot.point, slot.definition));
    }

    /** A commanded metric as this node declared it. */
    record Resolved(String point, DeviceMetrics.Definition definition) {
    }

    private boolean declare(final DeviceMetrics d, final List<Reading> readings) {
        final int before = d.slots().size();
        if (before == 0) {
            directory.pointNames(d.deviceId()).forEach(p -> declareOne(d, p, null));
        }
        for (final Reading r : readings) {
            if (!declareOne(d, r.point(), r.value())) {
                metrics.metricsDropped.increment();
            }
        }
        return d.slots().size() != before && before != 0;
    }

    /** @return false when the device is full and the point has no metric. */
    private boolean declareOne(final DeviceMetrics d, final String point, final Object value) {
        if (d.byName(point).isPresent()) {
            return true;
        }
        final Optional<Point> p = directory.modbusPoint(d.deviceId(), point);
        final boolean writable = directory.options(d.deviceId(), point).map(PointOptions::writable).orElse(false);
        // a sensor field has no declared type: its first value's kind; Double until a value shows
        final MetricType type = p.map(MetricTypes::forPoint)
                .orElse(value == null ? MetricType.DOUBLE : MetricTypes.forValue(value));
        final String unit = p.map(Point::unit).orElse("");
        if (d.declare(point, new DeviceMetrics.Definition(type, unit, writable), () -> nextAlias++).isEmpty()) {
            LOG.debugf("Point %s of %s not published: more than %d points", point, d.deviceId(), maxMetricsPerDevice);
            return false;
        }
        return true;
    }

    private void dbirth(final DeviceMetrics d, final long now) {
        send(SparkplugTopic.device(group, MessageType.DBIRTH, nodeId, d.deviceId()),
                NodeMessages.dbirth(d, nextSeq(), now));
        d.born(true);
    }

    private int nextSeq() {
        seq = (seq + 1) & 0xFF;
        return seq;
    }

    private void send(final SparkplugTopic topic, final byte[] payload) {
        if (!session.publish(topic.toString(), payload)) {
            metrics.publishDropped.increment();
        }
    }
}
