package dev.fieldgate.sparkplug;

import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The edge node's protocol state without a broker: seq, births, bounds, the primary host's STATE. */
class EdgeNodeTest {

    private static final AdapterDefinition ADAPTER = new AdapterLoader(ProfileCatalog.empty(), id -> { }).parse("t.yaml",
            "t", String.join("\n",
                    "kind: modbus-tcp",
                    "connection: {host: 127.0.0.1, port: 1502}",
                    "devices:",
                    "  - id: d",
                    "    unit-id: 1",
                    "    points:",
                    "      - {name: a, register-type: holding-register, address: 0, data-type: int16}",
                    "      - {name: b, register-type: holding-register, address: 1, data-type: int16, scale: 0.1}",
                    "      - {name: c, register-type: coil, address: 0, writable: true}",
                    "      - {name: s, register-type: holding-register, address: 2, data-type: string, count: 2}", ""));

    /** Records what would go on the wire; confirmed (QoS 1) publishes complete when the test says. */
    private static final class RecordingSession implements SparkplugSession {
        final List<String> topics = new CopyOnWriteArrayList<>();
        final List<SparkplugPayload> payloads = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> unconfirmed = new CopyOnWriteArrayList<>();
        volatile boolean up = true;
        volatile boolean confirm = true;
        int restarts;

        @Override
        public CompletableFuture<Void> publishConfirmed(final String topic, final byte[] payload) {
            final CompletableFuture<Void> acked = new CompletableFuture<>();
            if (!up) {
                acked.completeExceptionally(new IllegalStateException("not connected"));
                return acked;
            }
            topics.add(topic);
            payloads.add(SparkplugCodec.decode(payload));
            if (confirm) {
                acked.complete(null);
            } else {
                unconfirmed.add(acked);
            }
            return acked;
        }

        @Override
        public boolean publish(final String topic, final byte[] payload) {
            if (!up) {
                return false;
            }
            topics.add(topic);
            payloads.add(SparkplugCodec.decode(payload));
            return true;
        }

        @Override
        public void restart(final String reason) {
            restarts++;
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SparkplugMetrics metrics = new SparkplugMetrics(registry);
    private final RecordingSession session = new RecordingSession();
    private final List<AutoCloseable> open = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A node born with its device, whose primary host then went offline while one more poll came (held). */
    private EdgeNode heldWhileHostOffline() {
        final EdgeNode node = node(Optional.of("scada"), 100);
        node.connected(0);
        node.hostState(new HostState(true, 100));
        node.accept(batch(1, 5));
        node.hostState(new HostState(false, 101));
        node.lost();
        node.accept(batch(2, 10));
        return node;
    }

    private EdgeNode node(final Optional<String> primaryHost, final int maxMetrics) {
        return node(primaryHost, maxMetrics, dir.resolve("held"));
    }

    private EdgeNode node(final Optional<String> primaryHost, final int maxMetrics, final Path heldDir) {
        final PollerDirectory directory = new PollerDirectory(ADAPTER, () -> null);
        final DcmdWriter writer = new DcmdWriter(directory, metrics, Duration.ofSeconds(1), () -> 0L, true);
        final H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(heldDir).syncOnCommit(false).build());
        open.add(outbox);
        final HeldData held = new HeldData(outbox, registry);
        final HistoryReplay replay = new HistoryReplay(held);
        open.add(replay);
        final EdgeNode node = new EdgeNode(new NodeIds("g", "n", primaryHost), directory, session, writer, held,
                replay, metrics, maxMetrics, () -> 1000L);
        writer.attach(node);
        replay.attach(node);
        return node;
    }

    private static DeviceReadings batch(final long a) {
        return batch(a, 5);
    }

    private static DeviceReadings batch(final long a, final long timestamp) {
        return new DeviceReadings("d", List.of(Reading.good("a", a, "", timestamp), Reading.good("b", 1.5, "",
                timestamp), Reading.good("c", true, "", timestamp), Reading.good("s", "ok", "", timestamp)));
    }

    /** @return the messages sent so far whose metrics are flagged historical */
    private List<SparkplugPayload> history() {
        return session.payloads.stream().filter(p -> !p.metrics().isEmpty() && p.metrics().get(0).historical())
                .toList();
    }

    private double count(final String name) {
        return registry.find(name).functionCounter() != null ? registry.find(name).functionCounter().count()
                : registry.counter(name).count();
    }

    @Test
    void should_count_seq_without_gaps_and_wrap_after_255() {
        final EdgeNode node = node(Optional.empty(), 100);
        node.connected(3);
        for (long i = 0; i < 600; i++) {
            node.accept(batch(i));
        }

        assertThat(session.topics.get(0)).isEqualTo("spBv1.0/g/NBIRTH/n");
        assertThat(session.topics.get(1)).isEqualTo("spBv1.0/g/DBIRTH/n/d");
        for (int i = 0; i < session.payloads.size(); i++) {
            assertThat(session.payloads.get(i).seq()).hasValue(i % 256);
        }
        assertThat(session.payloads).hasSize(601);
    }

    @Test
    void should_declare_types_from_the_points_and_send_only_what_changed() {
        final EdgeNode node = node(Optional.empty(), 100);
        node.connected(0);
        node.accept(batch(1));
        node.accept(batch(1));
        node.accept(batch(2));

        final SparkplugPayload dbirth = session.payloads.get(1);
        assertThat(dbirth.metrics()).extracting(Metric::type).containsExactly(MetricType.INT16, MetricType.DOUBLE,
                MetricType.BOOLEAN, MetricType.STRING);
        assertThat(dbirth.metrics()).extracting(m -> m.properties().get("readOnly")).containsExactly(true, true, false,
                true);
        assertThat(session.payloads).hasSize(3);
        assertThat(session.payloads.get(2).metrics()).containsExactly(Metric.aliased(
                dbirth.metrics().get(0).alias().getAsLong(), 5, MetricType.INT16, 2L));
    }

    @Test
    void should_send_ddeath_when_every_reading_is_bad_and_dbirth_when_one_is_good_again() {
        final EdgeNode node = node(Optional.empty(), 100);
        node.connected(0);
        node.accept(batch(1));
        node.accept(new DeviceReadings("d", List.of(Reading.bad("a", "", Quality.BAD_NO_CONNECTION, 6, "link lost"),
                Reading.bad("b", "", Quality.BAD_NO_CONNECTION, 6, "link lost"))));
        node.accept(new DeviceReadings("d", List.of(Reading.bad("a", "", Quality.BAD_TIMEOUT, 7, "still"))));
        node.accept(batch(1));

        assertThat(session.topics).containsExactly("spBv1.0/g/NBIRTH/n", "spBv1.0/g/DBIRTH/n/d",
                "spBv1.0/g/DDEATH/n/d", "spBv1.0/g/DBIRTH/n/d");
    }

    @Test
    void should_not_kill_a_device_for_an_exception_response_of_one_poll_group() {
        final EdgeNode node = node(Optional.empty(), 100);
        node.connected(0);
        node.accept(batch(1));
        node.accept(new DeviceReadings("d", List.of(Reading.bad("a", "", Quality.BAD_DEVICE_EXCEPTION, 6,
                "exception 02 illegal data address"))));
        assertThat(session.topics).doesNotContain("spBv1.0/g/DDEATH/n/d");
    }

    @Test
    void should_keep_at_most_the_configured_metrics_per_device_and_count_the_rest() {
        final EdgeNode node = node(Optional.empty(), 2);
        node.connected(0);
        node.accept(batch(1));

        assertThat(session.payloads.get(1).metrics()).hasSize(2);
        assertThat(registry.counter("fieldgate.sparkplug.metrics.dropped").count()).isEqualTo(2);
    }

    @Test
    void should_count_messages_the_session_could_not_send() {
        final EdgeNode node = node(Optional.empty(), 100);
        node.connected(0);
        session.up = false;
        node.accept(batch(1));
        node.accept(batch(2));

        assertThat(registry.counter("fieldgate.sparkplug.publish.dropped").count()).isEqualTo(2);
    }

    @Test
    void should_wait_for_the_primary_host_and_ignore_a_stale_state() {
        final EdgeNode node = node(Optional.of("scada"), 100);
        node.connected(0);
        node.accept(batch(1));
        assertThat(session.topics).isEmpty();

        node.hostState(new HostState(true, 100));
        assertThat(session.topics).containsExactly("spBv1.0/g/NBIRTH/n", "spBv1.0/g/DBIRTH/n/d");

        node.hostState(new HostState(false, 99));
        assertThat(session.restarts).as("an older STATE is stale").isZero();
        node.hostState(new HostState(false, 101));
        assertThat(session.restarts).isEqualTo(1);
        node.accept(batch(2));
        assertThat(session.topics).hasSize(2);
    }

    @Test
    void should_wait_for_the_retained_state_again_after_a_reconnect() {
        final EdgeNode node = node(Optional.of("scada"), 100);
        node.connected(0);
        node.hostState(new HostState(true, 100));
        node.lost();

        node.connected(1);
        assertThat(session.topics).as("the host may have gone while the node was away").hasSize(1);
        node.hostState(new HostState(true, 100));
        assertThat(session.topics).containsExactly("spBv1.0/g/NBIRTH/n", "spBv1.0/g/NBIRTH/n");
        assertThat(session.payloads.get(1).metrics().get(0).value()).isEqualTo(1L);
    }

    @Test
    void should_hold_ddata_while_the_primary_host_is_offline_and_send_them_as_history_after_the_births() {
        final EdgeNode node = node(Optional.of("scada"), 100);
        node.connected(0);
        node.hostState(new HostState(true, 100));
        node.accept(batch(1, 5));
        final long alias = session.payloads.get(1).metrics().get(0).alias().getAsLong();

        node.hostState(new HostState(false, 101));
        node.lost();
        node.accept(batch(2, 10));
        node.accept(batch(3, 11));
        assertThat(session.topics).as("nothing live while the host is offline").hasSize(2);

        node.connected(1);
        node.hostState(new HostState(true, 102));
        await().atMost(Duration.ofSeconds(10)).until(() -> history().size() == 2);

        assertThat(session.topics).containsExactly("spBv1.0/g/NBIRTH/n", "spBv1.0/g/DBIRTH/n/d",
                "spBv1.0/g/NBIRTH/n", "spBv1.0/g/DBIRTH/n/d", "spBv1.0/g/DDATA/n/d", "spBv1.0/g/DDATA/n/d");
        assertThat(session.payloads.get(3).metrics().get(0).value()).as("the births carry the current value")
                .isEqualTo(3L);
        assertThat(history()).extracting(p -> p.metrics()).containsExactly(
                List.of(Metric.aliased(alias, 10, MetricType.INT16, 2L).asHistorical()),
                List.of(Metric.aliased(alias, 11, MetricType.INT16, 3L).asHistorical()));
        assertThat(history()).extracting(p -> p.seq().getAsLong()).containsExactly(2L, 3L);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("fieldgate.sparkplug.history.replayed") == 2);
        assertThat(count("fieldgate.sparkplug.history.held")).isEqualTo(2);
        assertThat(count("fieldgate.sparkplug.history.dropped")).isZero();
        assertThat(registry.find("fieldgate.sparkplug.history.depth").gauge().value()).isZero();
    }

    @Test
    void should_hold_nothing_before_the_first_session_was_born() {
        final EdgeNode node = node(Optional.of("scada"), 100);
        node.connected(0);
        node.accept(batch(1));
        node.accept(batch(2));
        node.hostState(new HostState(true, 100));

        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(session.topics).containsExactly("spBv1.0/g/NBIRTH/n", "spBv1.0/g/DBIRTH/n/d");
        assertThat(count("fieldgate.sparkplug.history.held")).isZero();
    }

    @Test
    void should_hold_a_ddata_the_session_could_not_send_and_send_it_as_history_after_the_reconnect() {
        final EdgeNode node = node(Optional.empty(), 100);
        node.connected(0);
        node.accept(batch(1, 5));
        session.up = false;
        node.accept(batch(2, 6));
        node.lost();
        session.up = true;

        node.connected(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> history().size() == 1);
        assertThat(history().get(0).metrics().get(0).value()).isEqualTo(2L);
        assertThat(history().get(0).metrics().get(0).timestamp()).isEqualTo(6);
    }

    @Test
    void should_keep_history_the_broker_did_not_acknowledge_and_send_it_again_with_the_next_births() {
        final EdgeNode node = heldWhileHostOffline();
        node.accept(batch(3, 11));

        session.confirm = false;
        node.connected(1);
        node.hostState(new HostState(true, 102));
        await().atMost(Duration.ofSeconds(10)).until(() -> session.unconfirmed.size() == 2);
        // the connection ends before the PUBACKs: both stay held
        node.lost();
        session.unconfirmed.forEach(f -> f.completeExceptionally(new IllegalStateException("connection lost")));

        session.confirm = true;
        node.connected(2);
        node.hostState(new HostState(true, 103));
        await().atMost(Duration.ofSeconds(10)).until(() -> history().size() == 4);
        assertThat(history()).extracting(p -> p.metrics().get(0).value()).containsExactly(2L, 3L, 2L, 3L);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("fieldgate.sparkplug.history.replayed") == 2);
    }

    @Test
    void should_send_history_held_before_a_restart_by_the_aliases_of_the_new_births() throws Exception {
        final Path heldDir = dir.resolve("restart");
        final EdgeNode before = node(Optional.of("scada"), 100, heldDir);
        before.connected(0);
        before.hostState(new HostState(true, 100));
        before.accept(batch(1, 5));
        before.hostState(new HostState(false, 101));
        before.accept(batch(2, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("fieldgate.sparkplug.history.held") == 1);
        tearDown();
        open.clear();
        session.topics.clear();
        session.payloads.clear();

        final EdgeNode after = node(Optional.of("scada"), 100, heldDir);
        after.connected(0);
        after.hostState(new HostState(true, 200));
        // the device's first reading comes after the node's birth: its history waits for its DBIRTH
        after.accept(batch(4, 20));
        await().atMost(Duration.ofSeconds(20)).until(() -> history().size() == 1);
        final long alias = session.payloads.get(1).metrics().get(0).alias().getAsLong();
        assertThat(history().get(0).metrics()).containsExactly(
                Metric.aliased(alias, 10, MetricType.INT16, 2L).asHistorical());
    }

    @Test
    void should_keep_a_devices_history_until_its_dbirth_when_it_is_down_at_the_births() {
        final EdgeNode node = heldWhileHostOffline();
        node.accept(new DeviceReadings("d", List.of(Reading.bad("a", "", Quality.BAD_NO_CONNECTION, 12, "link lost"))));

        node.connected(1);
        node.hostState(new HostState(true, 102));
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(history()).as("no DDATA of a device the host has no birth of").isEmpty();

        node.accept(batch(3, 20));
        await().atMost(Duration.ofSeconds(HistoryReplay.RETRY_MS / 1000 + 5)).until(() -> history().size() == 1);
        assertThat(session.topics.subList(2, 5)).containsExactly("spBv1.0/g/NBIRTH/n", "spBv1.0/g/DBIRTH/n/d",
                "spBv1.0/g/DDATA/n/d");
        assertThat(history().get(0).metrics()).extracting(Metric::value, Metric::timestamp)
                .containsExactly(tuple(2L, 10L));
    }
}
