package dev.fieldgate.sparkplug;

import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;
import dev.fieldgate.demo.SimulatedModbusServer;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import dev.fieldgate.field.modbus.ModbusPoller;
import dev.fieldgate.rig.FaultyLink;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.telemetry.MicrometerPollMetrics;
import dev.fieldgate.util.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClientOptions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The edge node against Debian's Mosquitto as the plant broker, seen by a host application double written from
 * the specification, with a j2mod Modbus slave behind the real poller: births before data, aliases that resolve,
 * seq without gaps, a rebirth on request and after a lost message, NDEATH with the session's bdSeq when the
 * connection is cut, DCMD writes that reach the slave and read back, DDEATH and DBIRTH around a dead device,
 * nothing published while the primary host is offline and what changed meanwhile sent as historical data after the
 * births; and the same node read back by a {@code sparkplug} adapter.
 */
@Tag("interop")
class SparkplugEdgeNodeIT {

    private static final String GROUP = "plant";
    private static final String NODE = "gw-1";
    private static final String DEVICE = "plc-1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Vertx vertx;
    private Mosquitto broker;
    private FaultyLink link;
    private SimulatedModbusServer slave;
    private AdapterDefinition adapter;
    private ModbusPoller poller;
    private VertxSparkplugSession session;
    private int modbusPort;
    private int brokerPort;

    @AfterEach
    void tearDown() throws Exception {
        if (session != null) {
            session.stop().get(5, TimeUnit.SECONDS);
        }
        if (poller != null) {
            poller.stop();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_birth_before_data_with_aliases_types_and_properties_then_send_changes_only() throws Exception {
        final HostApplicationDouble host = start(Optional.empty());
        host.state(true);

        until(host, () -> !host.received(MessageType.DBIRTH).isEmpty());
        final SparkplugPayload dbirth = host.received(MessageType.DBIRTH).get(0).payload();
        assertThat(host.received().get(0).type()).isEqualTo(MessageType.NBIRTH);
        assertThat(byName(dbirth, "counter").type()).isEqualTo(MetricType.UINT16);
        assertThat(byName(dbirth, "speed").type()).isEqualTo(MetricType.FLOAT);
        assertThat(byName(dbirth, "speed").properties()).containsEntry("engUnit", "m/s").containsEntry("readOnly", true);
        assertThat(byName(dbirth, "speed-ref").properties()).containsEntry("readOnly", false);
        assertThat(byName(dbirth, "running").type()).isEqualTo(MetricType.BOOLEAN);
        assertThat(dbirth.metrics()).allMatch(m -> m.alias().isPresent());

        slave.set(1, point("counter"), 41);
        until(host, () -> Long.valueOf(41).equals(host.values(DEVICE).get("counter")));
        slave.set(1, point("counter"), 42);
        until(host, () -> Long.valueOf(42).equals(host.values(DEVICE).get("counter")));

        // by exception: the poller reads every 100 ms, but an unchanged device sends nothing more
        final int ddata = host.received(MessageType.DDATA).size();
        await().pollDelay(Duration.ofMillis(800)).atMost(WAIT).until(() -> true);
        assertThat(host.received(MessageType.DDATA)).hasSize(ddata);
        assertThat(host.received(MessageType.DDATA)).allMatch(r -> r.payload().metrics().stream()
                .allMatch(m -> m.name().isEmpty() && m.alias().isPresent()));
        assertThat(host.violations()).as(host.trace().toString()).isEmpty();
        assertThat(host.gaps()).isEmpty();
    }

    @Test
    void should_rebirth_on_request_and_when_the_host_sees_a_seq_gap() throws Exception {
        final HostApplicationDouble host = start(Optional.empty());
        until(host, () -> !host.received(MessageType.DBIRTH).isEmpty());
        final long bdSeq = host.bdSeq();

        host.rebirth();
        until(host, () -> host.received(MessageType.NBIRTH).size() == 2
                && host.received(MessageType.DBIRTH).size() == 2);
        // a rebirth is no new session: same bdSeq, seq from 0 again
        assertThat(host.bdSeq()).isEqualTo(bdSeq);

        host.dropNext(MessageType.DDATA);
        slave.set(1, point("counter"), 7);
        until(host, () -> !host.dropPending());
        slave.set(1, point("counter"), 8);
        until(host, () -> !host.gaps().isEmpty() && host.received(MessageType.NBIRTH).size() == 3);
        slave.set(1, point("counter"), 9);
        until(host, () -> Long.valueOf(9).equals(host.values(DEVICE).get("counter")));
        assertThat(host.gaps()).hasSize(1);
        assertThat(host.violations()).as(host.trace().toString()).isEmpty();
    }

    @Test
    void should_leave_an_ndeath_with_the_sessions_bdseq_when_the_connection_is_cut() throws Exception {
        final HostApplicationDouble host = start(Optional.empty());
        until(host, () -> !host.received(MessageType.DBIRTH).isEmpty());
        final long bdSeq = host.bdSeq();

        link.cut();

        until(host, () -> host.deaths().contains(bdSeq));
        // the next session has the next bdSeq, in its will and its birth alike
        until(host, () -> host.nodeOnline() && host.bdSeq() == bdSeq + 1);
        until(host, () -> host.received(MessageType.DBIRTH).size() == 2);
        link.cut();
        until(host, () -> host.deaths().contains(bdSeq + 1));
        assertThat(host.violations()).as(host.trace().toString()).isEmpty();
    }

    @Test
    void should_write_dcmd_metrics_through_validation_and_publish_the_read_back() throws Exception {
        final HostApplicationDouble host = start(Optional.empty());
        until(host, () -> !host.received(MessageType.DBIRTH).isEmpty());

        host.writeByAlias(DEVICE, "speed-ref", MetricType.FLOAT, 12.5);
        until(host, () -> Double.valueOf(12.5).equals(slave.value(1, point("speed-ref"))));
        until(host, () -> Double.valueOf(12.5).equals(host.values(DEVICE).get("speed-ref")));
        host.writeByName(DEVICE, "running", MetricType.BOOLEAN, true);
        until(host, () -> Boolean.TRUE.equals(slave.value(1, point("running"))));

        // refused: read-only, out of range, wrong type, unknown metric, garbage; the node keeps going
        host.writeByName(DEVICE, "counter", MetricType.UINT16, 5L);
        host.writeByAlias(DEVICE, "speed-ref", MetricType.FLOAT, 99.0);
        host.writeByName(DEVICE, "running", MetricType.STRING, "on");
        host.writeByName(DEVICE, "no-such-point", MetricType.INT32, 1L);
        host.rawDcmd(DEVICE, new byte[] {(byte) 0xff, 0x01});
        until(host, () -> registry.counter("fieldgate.sparkplug.commands.refused").count() == 4
                && registry.counter("fieldgate.sparkplug.malformed").count() == 1);
        assertThat(slave.value(1, point("speed-ref"))).isEqualTo(12.5);
        assertThat(slave.value(1, point("counter"))).isNotEqualTo(5L);

        host.writeByAlias(DEVICE, "speed-ref", MetricType.FLOAT, 20.0);
        until(host, () -> Double.valueOf(20.0).equals(host.values(DEVICE).get("speed-ref")));
        assertThat(host.violations()).as(host.trace().toString()).isEmpty();
    }

    @Test
    void should_send_ddeath_when_the_device_goes_bad_and_dbirth_when_it_is_back() throws Exception {
        final HostApplicationDouble host = start(Optional.empty());
        until(host, () -> !host.received(MessageType.DBIRTH).isEmpty());

        slave.close();
        until(host, () -> host.received(MessageType.DDEATH).size() == 1);
        // a write to a device known to be down is refused before anything goes on the wire
        host.writeByName(DEVICE, "speed-ref", MetricType.FLOAT, 10.0);
        until(host, () -> registry.counter("fieldgate.sparkplug.commands.refused").count() == 1);
        slave = SimulatedModbusServer.start(modbusPort, adapter.devices());
        slave.set(1, point("counter"), 77);
        await().atMost(Duration.ofSeconds(60)).until(() -> host.received(MessageType.DBIRTH).size() == 2);
        until(host, () -> Long.valueOf(77).equals(host.values(DEVICE).get("counter")));
        assertThat(host.violations()).as(host.trace().toString()).isEmpty();
    }

    @Test
    void should_hold_data_while_the_primary_host_is_offline_and_send_them_as_history_after_the_births()
            throws Exception {
        final HostApplicationDouble host = start(Optional.of("scada"));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(host.received()).as("nothing before the primary host is online").isEmpty();

        host.state(true);
        until(host, () -> !host.received(MessageType.DBIRTH).isEmpty());
        final long bdSeq = host.bdSeq();

        host.state(false);
        until(host, () -> host.deaths().contains(bdSeq));
        final int before = host.received().size();
        final long offlineFrom = System.currentTimeMillis();
        for (int v = 300; v <= 304; v++) {
            slave.set(1, point("counter"), v);
            final long held = v - 299;
            await().atMost(WAIT).until(() -> registry.counter("fieldgate.sparkplug.history.held").count() >= held);
        }
        assertThat(host.received()).as("nothing live while the primary host is offline").hasSize(before);

        final long backAt = System.currentTimeMillis();
        host.state(true);
        until(host, () -> host.nodeOnline() && host.received(MessageType.DBIRTH).size() == 2);
        assertThat(host.bdSeq()).isEqualTo(bdSeq + 1);
        until(host, () -> host.history().size() == 5);
        assertThat(host.history()).as("every held value, in order, flagged historical")
                .extracting(HostApplicationDouble.Past::metric, HostApplicationDouble.Past::value)
                .containsExactly(tuple("counter", 300L), tuple("counter", 301L), tuple("counter", 302L),
                        tuple("counter", 303L), tuple("counter", 304L));
        assertThat(host.history()).extracting(HostApplicationDouble.Past::timestamp)
                .as("the readings' own timestamps, from the offline period").isSorted()
                .allMatch(t -> t >= offlineFrom && t < backAt);
        assertThat(host.values(DEVICE)).as("historical data leave the current value alone")
                .containsEntry("counter", 304L);

        slave.set(1, point("counter"), 400);
        until(host, () -> Long.valueOf(400).equals(host.values(DEVICE).get("counter")));
        final List<HostApplicationDouble.Received> after = host.received().subList(before, host.received().size());
        assertThat(after.get(0).type()).isEqualTo(MessageType.NBIRTH);
        assertThat(after.get(1).type()).isEqualTo(MessageType.DBIRTH);
        assertThat(after.subList(2, 7)).as("births, then the history").allMatch(r -> r.type() == MessageType.DDATA
                && r.historical());
        assertThat(after.get(after.size() - 1).historical()).as("then live data").isFalse();
        await().atMost(WAIT).until(() -> registry.counter("fieldgate.sparkplug.history.replayed").count() == 5);
        assertThat(registry.find("fieldgate.sparkplug.history.dropped").functionCounter().count()).isZero();
        assertThat(host.violations()).as(host.trace().toString()).isEmpty();
        assertThat(host.gaps()).isEmpty();
    }

    @Test
    void should_read_a_remote_edge_node_as_an_adapter_asking_for_births_it_missed() throws Exception {
        final HostApplicationDouble host = start(Optional.empty());
        until(host, () -> !host.received(MessageType.DBIRTH).isEmpty());
        final AdapterDefinition remote = new AdapterLoader(ProfileCatalog.empty(), id -> { }).parse("remote.yaml",
                "remote", String.join("\n",
                        "kind: sparkplug",
                        "connection: {group: " + GROUP + ", edge-node: " + NODE + ", device: " + DEVICE + "}",
                        "device:",
                        "  id: remote-plc",
                        "  points:",
                        "    - {name: count, metric: counter}",
                        "    - {name: setpoint, metric: speed-ref, unit: m/s}", ""));
        final List<DeviceReadings> read = new CopyOnWriteArrayList<>();
        final SparkplugIngestReader reader = new SparkplugIngestReader(remote, read::add,
                new MicrometerPollMetrics(registry), new SparkplugMetrics(registry), vertx,
                new ReconnectingMqttClient.Target("127.0.0.1", brokerPort, new MqttClientOptions()
                        .setClientId("ingest"), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1))),
                System::currentTimeMillis);
        open.add(reader::stop);
        reader.start();

        // the reader joined after the births: the first DDATA makes it ask for them (NCMD Rebirth)
        await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        slave.set(1, point("counter"), 5);
        until(host, () -> host.received(MessageType.NBIRTH).size() == 2);
        until(host, () -> read.stream().flatMap(b -> b.readings().stream())
                .anyMatch(r -> r.point().equals("count") && Long.valueOf(5).equals(r.value())));
        slave.set(1, point("counter"), 6);
        until(host, () -> read.stream().flatMap(b -> b.readings().stream())
                .anyMatch(r -> r.point().equals("count") && Long.valueOf(6).equals(r.value())));
        assertThat(read).allMatch(b -> b.deviceId().equals("remote-plc"));

        // garbage on the node's topic is counted and dropped; the reader keeps reading
        host.rawDdata(DEVICE, new byte[] {0x08, (byte) 0x80});
        until(host, () -> registry.counter("fieldgate.sparkplug.malformed").count() == 1);
        slave.set(1, point("counter"), 7);
        until(host, () -> read.stream().flatMap(b -> b.readings().stream())
                .anyMatch(r -> r.point().equals("count") && Long.valueOf(7).equals(r.value())));

        // the node's death reaches the device's readings as bad-no-connection
        link.cut();
        until(host, () -> read.stream().flatMap(b -> b.readings().stream())
                .anyMatch(r -> r.quality() == Quality.BAD_NO_CONNECTION));
        assertThat(host.violations()).as(host.trace().toString()).isEmpty();
    }

    private HostApplicationDouble start(final Optional<String> primaryHost) throws Exception {
        brokerPort = Ports.free();
        broker = Mosquitto.plain(root.resolve("broker"), brokerPort);
        open.add(broker);
        link = new FaultyLink(brokerPort);
        open.add(link);
        final HostApplicationDouble host = new HostApplicationDouble(brokerPort, GROUP, NODE,
                primaryHost.orElse("observer"));
        open.add(host);

        modbusPort = Ports.free();
        final Path adapters = Files.createDirectories(root.resolve("adapters"));
        Files.writeString(adapters.resolve("plc.yaml"), String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: 127.0.0.1, port: " + modbusPort + ", timeout: 300ms, reconnect-max: 1s}",
                "devices:",
                "  - id: " + DEVICE,
                "    unit-id: 1",
                "    points:",
                "      - {name: counter, register-type: holding-register, address: 0, data-type: uint16, interval: 100ms}",
                "      - {name: speed, register-type: holding-register, address: 1, data-type: float32, unit: m/s,"
                        + " interval: 100ms}",
                "      - {name: running, register-type: coil, address: 0, interval: 100ms, writable: true}",
                "      - {name: speed-ref, register-type: holding-register, address: 10, data-type: float32,"
                        + " writable: true, min: 0, max: 50, interval: 100ms}", ""));
        adapter = new AdapterLoader(ProfileCatalog.empty(), id -> { }).loadDirectory(adapters).adapters().get(0);
        slave = SimulatedModbusServer.start(modbusPort, adapter.devices());
        open.add(() -> slave.close());

        vertx = Vertx.vertx();
        final NodeIds ids = new NodeIds(GROUP, NODE, primaryHost);
        final SparkplugMetrics metrics = new SparkplugMetrics(registry);
        session = new VertxSparkplugSession(vertx, new ReconnectingMqttClient.Target("127.0.0.1", link.port(),
                new MqttClientOptions().setClientId("gw-1-sparkplug").setKeepAliveInterval(5),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1))), ids, metrics,
                new BdSeqStore(root.resolve("bdseq")), System::currentTimeMillis);
        final PollerDirectory directory = new PollerDirectory(adapter, () -> poller);
        final DcmdWriter writer = new DcmdWriter(directory, metrics, Duration.ofSeconds(5), System::currentTimeMillis,
                true);
        final H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(root.resolve("sparkplug-buffer"))
                .syncOnCommit(false).maxBytes(1L << 20).build());
        open.add(outbox);
        final HeldData held = new HeldData(outbox, registry);
        final HistoryReplay replay = new HistoryReplay(held);
        open.add(replay);
        final EdgeNode node = new EdgeNode(ids, directory, session, writer, held, replay, metrics, 100,
                System::currentTimeMillis);
        writer.attach(node);
        replay.attach(node);
        poller = ModbusPoller.create(adapter, node, new MicrometerPollMetrics(registry));
        poller.start();
        session.start(node);
        return host;
    }

    /** Waits for a condition; on a timeout the failure shows what the host received. */
    private static void until(final HostApplicationDouble host, final Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).until(condition);
        } catch (final ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; host received " + host.trace() + ", violations "
                    + host.violations() + ", gaps " + host.gaps(), e);
        }
    }

    private Point point(final String name) {
        return adapter.devices().get(0).points().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static Metric byName(final SparkplugPayload p, final String name) {
        return p.metrics().stream().filter(m -> m.name().filter(name::equals).isPresent()).findFirst().orElseThrow();
    }
}
