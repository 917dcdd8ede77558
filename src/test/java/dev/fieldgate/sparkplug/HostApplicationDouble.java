package dev.fieldgate.sparkplug;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Sparkplug 3.0 host application as chapter 5 and 7 of the specification describe it, for one edge node: it
 * announces its STATE (retained, with an offline will), tracks the node's bdSeq and seq, resolves aliases from
 * the births, and asks for a rebirth (NCMD Node Control/Rebirth) when a seq gap or an unknown alias shows that its
 * view is no longer complete. Anything the specification forbids the edge node is recorded as a violation.
 */
final class HostApplicationDouble implements AutoCloseable {

    /** One message from the edge node, as received. */
    record Received(MessageType type, Optional<String> device, SparkplugPayload payload) {

        /** @return true for a data message whose metrics are historical (spec 6.4.3 is_historical) */
        boolean historical() {
            return !payload.metrics().isEmpty() && payload.metrics().stream().allMatch(Metric::historical);
        }
    }

    /** One historical value, its alias resolved by the birth before it. */
    record Past(String device, String metric, Object value, long timestamp) {
    }

    private final String group;
    private final String edgeNode;
    private final String hostId;
    private final Mqtt3AsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> gaps = new CopyOnWriteArrayList<>();
    private final List<Long> deaths = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> values = new ConcurrentHashMap<>();
    private final List<Past> history = new CopyOnWriteArrayList<>();
    private final Map<String, Map<Long, String>> aliases = new HashMap<>();
    private volatile Long bdSeq;
    private volatile boolean nodeOnline;
    private int lastSeq = -1;
    private volatile MessageType dropNext;

    HostApplicationDouble(final int port, final String group, final String edgeNode, final String hostId)
            throws Exception {
        this.group = group;
        this.edgeNode = edgeNode;
        this.hostId = hostId;
        client = Mqtt3Client.builder().identifier("host-" + hostId).serverHost("127.0.0.1").serverPort(port)
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::onMessage);
        // spec 5.2: the host's will marks it offline, retained, with the timestamp of this connect
        client.connectWith().cleanSession(true).willPublish().topic(SparkplugTopic.state(hostId))
                .payload(new HostState(false, System.currentTimeMillis()).encode()).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).applyWillPublish().send().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter(SparkplugTopic.NAMESPACE + "/" + group + "/#").qos(MqttQos.AT_LEAST_ONCE)
                .send().get(10, TimeUnit.SECONDS);
    }

    /** Publishes STATE online or offline, retained (spec 5.2), with the current time. */
    void state(final boolean online) throws Exception {
        client.publishWith().topic(SparkplugTopic.state(hostId)).payload(new HostState(online,
                System.currentTimeMillis()).encode()).qos(MqttQos.AT_LEAST_ONCE).retain(true).send()
                .get(10, TimeUnit.SECONDS);
    }

    /** Asks the node for every birth again. */
    void rebirth() {
        command(MessageType.NCMD, Optional.empty(), List.of(Metric.named(NodeMessages.REBIRTH,
                System.currentTimeMillis(), MetricType.BOOLEAN, true)));
    }

    /** Writes a device metric by the alias its birth gave it. */
    void writeByAlias(final String device, final String point, final MetricType type, final Object value) {
        final long alias = aliasOf(device, point);
        command(MessageType.DCMD, Optional.of(device), List.of(Metric.aliased(alias, System.currentTimeMillis(), type,
                value)));
    }

    /** Writes a device metric by name. */
    void writeByName(final String device, final String point, final MetricType type, final Object value) {
        command(MessageType.DCMD, Optional.of(device), List.of(Metric.named(point, System.currentTimeMillis(), type,
                value)));
    }

    /** Sends raw bytes as a DCMD, as a broken host would. */
    void rawDcmd(final String device, final byte[] payload) {
        client.publishWith().topic(SparkplugTopic.device(group, MessageType.DCMD, edgeNode, device).toString())
                .payload(payload).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    /** Sends raw bytes as the node's DDATA, as a broken publisher would. */
    void rawDdata(final String device, final byte[] payload) {
        client.publishWith().topic(SparkplugTopic.device(group, MessageType.DDATA, edgeNode, device).toString())
                .payload(payload).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    /** Loses the next message of that type, as a broker dropping a QoS 0 message would. */
    void dropNext(final MessageType type) {
        dropNext = type;
    }

    /** @return true until the message to lose has come. */
    boolean dropPending() {
        return dropNext != null;
    }

    List<Received> received() {
        return received;
    }

    List<Received> received(final MessageType type) {
        return received.stream().filter(r -> r.type() == type).toList();
    }

    /** @return what the edge node did against the specification; empty for a well-behaved node. */
    List<String> violations() {
        return violations;
    }

    /** @return the seq gaps seen (each answered by a rebirth request). */
    List<String> gaps() {
        return gaps;
    }

    /** @return bdSeq of every NDEATH that matched the current birth. */
    List<Long> deaths() {
        return deaths;
    }

    Long bdSeq() {
        return bdSeq;
    }

    boolean nodeOnline() {
        return nodeOnline;
    }

    /** @return every historical value received, in arrival order; they never change the current values. */
    List<Past> history() {
        return history;
    }

    /** @return the device's current metric values by name, as the host sees them (alias resolved). */
    Map<String, Object> values(final String device) {
        return values.getOrDefault(device, Map.of());
    }

    synchronized long aliasOf(final String device, final String point) {
        return aliases.getOrDefault(device, Map.of()).entrySet().stream().filter(e -> e.getValue().equals(point))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no alias for " + point));
    }

    private void command(final MessageType type, final Optional<String> device, final List<Metric> metrics) {
        final SparkplugTopic t = new SparkplugTopic(group, type, edgeNode, device);
        client.publishWith().topic(t.toString()).payload(SparkplugCodec.encode(new SparkplugPayload(
                System.currentTimeMillis(), OptionalLong.empty(), metrics))).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    private synchronized void onMessage(final Mqtt3Publish publish) {
        final String topicName = publish.getTopic().toString();
        if (topicName.startsWith(SparkplugTopic.NAMESPACE + "/STATE/")) {
            return;
        }
        final SparkplugTopic t = SparkplugTopic.parse(topicName);
        if (!t.edgeNode().equals(edgeNode) || t.type() == MessageType.NCMD || t.type() == MessageType.DCMD) {
            return;
        }
        final SparkplugPayload p;
        try {
            p = SparkplugCodec.decode(publish.getPayloadAsBytes());
        } catch (final SparkplugDecodeException e) {
            return;   // what a test sends as garbage (rawDdata) is not the node's
        }
        if (dropNext == t.type()) {
            dropNext = null;
            return;
        }
        received.add(new Received(t.type(), t.device(), p));
        switch (t.type()) {
            case NBIRTH -> nbirth(p);
            case NDEATH -> ndeath(p);
            default -> deviceMessage(t, p);
        }
    }

    private void nbirth(final SparkplugPayload p) {
        // spec 6.4.18: NBIRTH has seq 0, bdSeq and Node Control/Rebirth
        if (p.seq().orElse(-1) != 0) {
            violations.add("NBIRTH seq " + p.seq() + " is not 0");
        }
        final Optional<Metric> bd = metric(p, NodeMessages.BD_SEQ);
        if (bd.isEmpty() || metric(p, NodeMessages.REBIRTH).isEmpty()) {
            violations.add("NBIRTH without bdSeq or Node Control/Rebirth");
        }
        bdSeq = bd.map(m -> (Long) m.value()).orElse(null);
        nodeOnline = true;
        lastSeq = 0;
        aliases.clear();
        values.clear();
    }

    private void ndeath(final SparkplugPayload p) {
        // spec 7.1: an NDEATH counts only when its bdSeq matches the birth's; an older one is stale
        final Long deathSeq = metric(p, NodeMessages.BD_SEQ).map(m -> (Long) m.value()).orElse(null);
        if (deathSeq == null) {
            violations.add("NDEATH without bdSeq");
            return;
        }
        if (!deathSeq.equals(bdSeq)) {
            return;   // the will of an older session, arriving after the new birth: stale, ignored
        }
        if (p.seq().isPresent()) {
            violations.add("NDEATH carries a seq");
        }
        deaths.add(deathSeq);
        nodeOnline = false;
    }

    private void deviceMessage(final SparkplugTopic t, final SparkplugPayload p) {
        if (!nodeOnline) {
            violations.add(t.type() + " " + t.device().orElse("") + " before NBIRTH");
            return;
        }
        final int seq = (int) p.seq().orElse(-1);
        if (seq != ((lastSeq + 1) & 0xFF)) {
            gaps.add("expected seq " + ((lastSeq + 1) & 0xFF) + ", got " + seq);
            rebirth();
        }
        lastSeq = seq;
        final String device = t.device().orElse("");
        switch (t.type()) {
            case DBIRTH -> {
                final Map<Long, String> a = new HashMap<>();
                final Map<String, Object> v = new ConcurrentHashMap<>();
                for (final Metric m : p.metrics()) {
                    if (m.name().isEmpty() || m.alias().isEmpty()) {
                        violations.add("DBIRTH metric without name or alias: " + m);
                        continue;
                    }
                    a.put(m.alias().getAsLong(), m.name().get());
                    if (m.value() != null) {
                        v.put(m.name().get(), m.value());
                    }
                }
                aliases.put(device, a);
                values.put(device, v);
            }
            case DDATA -> {
                if (!aliases.containsKey(device)) {
                    violations.add("DDATA of " + device + " before its DBIRTH");
                    rebirth();
                    return;
                }
                for (final Metric m : p.metrics()) {
                    final String name = m.alias().isPresent() ? aliases.get(device).get(m.alias().getAsLong())
                            : m.name().orElse(null);
                    if (name == null) {
                        violations.add("DDATA alias " + m.alias() + " of " + device + " unknown");
                        rebirth();
                        continue;
                    }
                    if (m.historical()) {
                        // spec 6.4.3: a historical value is stored with its time, the current value stays
                        history.add(new Past(device, name, m.value(), m.timestamp()));
                        continue;
                    }
                    if (m.value() == null) {
                        values.get(device).remove(name);
                    } else {
                        values.get(device).put(name, m.value());
                    }
                }
            }
            case DDEATH -> aliases.remove(device);
            default -> { }
        }
    }

    private static Optional<Metric> metric(final SparkplugPayload p, final String name) {
        return p.metrics().stream().filter(m -> m.name().filter(name::equals).isPresent()).findFirst();
    }

    /** @return a copy of what arrived, for failure messages. */
    List<String> trace() {
        final List<String> out = new ArrayList<>();
        received.forEach(r -> out.add(r.type() + r.device().map(d -> "/" + d).orElse("") + " seq=" + r.payload().seq()));
        return out;
    }

    @Override
    public void close() throws Exception {
        client.disconnect().get(5, TimeUnit.SECONDS);
    }
}
