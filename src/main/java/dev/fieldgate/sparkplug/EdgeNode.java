package dev.fieldgate.sparkplug;

import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.ReadingSink;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The Sparkplug 3.0 edge node's state: births, data by exception, deaths and sequence numbers. Readings come in
 * from the pollers; what the host sees goes out through the session. Thread-safe: one lock orders every message,
 * so seq on the wire counts up without gaps (spec 6.4.1: 0-255 across NBIRTH, DBIRTH, DDATA and DDEATH).
 *
 * <p>Nothing is published before the session is connected and, when a primary host is configured, before that
 * host's STATE says online; meanwhile the latest values are kept (bounded per device) and go out in the births.
 */
final class EdgeNode implements ReadingSink, SparkplugSession.Listener {

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
    private long nextAlias = 1;
    private long bdSeq;
    private int seq;
    private boolean connected;
    private boolean born;
    private boolean hostOnline;
    private long hostStateAt = Long.MIN_VALUE;

    /**
     * @param ids                  group, edge node and primary host ids
     * @param directory            the running devices, for each point's type, unit and writability
     * @param session              where messages go
     * @param writer               runs DCMD writes
     * @param metrics              counters
     * @param maxMetricsPerDevice  points kept per device
     * @param clock                epoch ms
     */
    EdgeNode(final NodeIds ids, final DeviceDirectory directory, final SparkplugSession session,
             final DcmdWriter writer, final SparkplugMetrics metrics, final int maxMetricsPerDevice,
             final LongSupplier clock) {
        this.group = ids.group();
        this.nodeId = ids.edgeNode();
        this.primaryHost = ids.primaryHost();
        this.directory = directory;
        this.session = session;
        this.metrics = metrics;
        this.maxMetricsPerDevice = maxMetricsPerDevice;
        this.clock = clock;
        this.commands = new CommandDispatch(ids, this, writer, metrics);
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
            // spec 3.0, 5.4: an edge node whose primary host went offline ends its session; the readings are kept
            // upstream by the outbox, and the next births carry the then current values
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
            return;
        }
        if (!d.born() || declared || update.redeclare()) {
            dbirth(d, now);
        } else if (!update.changed().isEmpty()) {
            send(SparkplugTopic.device(group, MessageType.DDATA, nodeId, d.deviceId()),
                    NodeMessages.ddata(update.changed(), nextSeq(), now));
        }
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
