package dev.fieldgate.sparkplug;

import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** Records what would go on the wire. */
    private static final class RecordingSession implements SparkplugSession {
        final List<String> topics = new ArrayList<>();
        final List<SparkplugPayload> payloads = new ArrayList<>();
        boolean up = true;
        int restarts;

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

    private EdgeNode node(final Optional<String> primaryHost, final int maxMetrics) {
        final PollerDirectory directory = new PollerDirectory(ADAPTER, () -> null);
        final DcmdWriter writer = new DcmdWriter(directory, metrics, Duration.ofSeconds(1), () -> 0L, true);
        final EdgeNode node = new EdgeNode(new NodeIds("g", "n", primaryHost), directory, session, writer, metrics,
                maxMetrics, () -> 1000L);
        writer.attach(node);
        return node;
    }

    private static DeviceReadings batch(final long a) {
        return new DeviceReadings("d", List.of(Reading.good("a", a, "", 5), Reading.good("b", 1.5, "", 5),
                Reading.good("c", true, "", 5), Reading.good("s", "ok", "", 5)));
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
}
