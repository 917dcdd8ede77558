package dev.fieldgate.sparkplug;

import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.adapter.SparkplugEdge;
import dev.fieldgate.field.Reporting;
import dev.fieldgate.field.serial.SensorSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A remote edge node followed as a host application follows it (spec 5, 7). */
class RemoteNodeTrackerTest {

    private static final SensorSpec SPEC = new SensorSpec("press", () -> null, List.of(
            new SensorSpec.SensorPoint("temp", "Oil/Temp", 1, 0, "°C"),
            new SensorSpec.SensorPoint("strokes", "Strokes", 1, 0, "")), Duration.ofSeconds(1), Reporting.EVERY_POLL);

    private final RemoteNodeTracker tracker = new RemoteNodeTracker(new SparkplugEdge("g", "n", Optional.of("plc")),
            SPEC);

    private RemoteNodeTracker.Outcome send(final MessageType type, final long seq, final Metric... metrics) {
        final SparkplugTopic t = type.isDeviceLevel() ? SparkplugTopic.device("g", type, "n", "plc")
                : SparkplugTopic.node("g", type, "n");
        return tracker.onMessage(t, new SparkplugPayload(100, seq < 0 ? OptionalLong.empty() : OptionalLong.of(seq),
                List.of(metrics)));
    }

    private RemoteNodeTracker.Outcome births() {
        send(MessageType.NBIRTH, 0, Metric.named("bdSeq", 1, MetricType.INT64, 4L));
        return send(MessageType.DBIRTH, 1,
                new Metric(Optional.of("Oil/Temp"), OptionalLong.of(10), 7, MetricType.FLOAT, 41.5, Map.of()),
                new Metric(Optional.of("Strokes"), OptionalLong.of(11), 7, MetricType.UINT32, 9L, Map.of()),
                new Metric(Optional.of("Other"), OptionalLong.of(12), 7, MetricType.BOOLEAN, true, Map.of()));
    }

    @Test
    void should_take_values_from_the_birth_and_resolve_aliases_in_data() {
        assertThat(births().readings()).containsExactly(Reading.good("temp", 41.5, "°C", 7),
                Reading.good("strokes", 9L, "", 7));

        final RemoteNodeTracker.Outcome data = send(MessageType.DDATA, 2, Metric.aliased(11, 8, MetricType.UINT32, 10L));
        assertThat(data.readings()).containsExactly(Reading.good("strokes", 10L, "", 8));
        assertThat(data.rebirth()).isEmpty();
        assertThat(tracker.alive()).isTrue();
    }

    @Test
    void should_turn_null_and_non_finite_metrics_and_a_lost_connection_into_bad_readings() {
        births();
        final RemoteNodeTracker.Outcome data = send(MessageType.DDATA, 2,
                Metric.aliased(10, 8, MetricType.FLOAT, Double.NaN), Metric.aliased(11, 8, MetricType.UINT32, null));
        assertThat(data.readings()).extracting(Reading::point, Reading::quality).containsExactly(
                org.assertj.core.groups.Tuple.tuple("temp", Quality.BAD_DECODE),
                org.assertj.core.groups.Tuple.tuple("strokes", Quality.BAD_DECODE));

        assertThat(tracker.lost("plant broker connection lost", 9).readings()).extracting(Reading::quality)
                .containsOnly(Quality.BAD_NO_CONNECTION).hasSize(2);
        assertThat(tracker.lost("again", 10).readings()).as("once, while it was alive").isEmpty();
    }

    @Test
    void should_ask_for_a_rebirth_on_data_before_a_birth() {
        send(MessageType.NBIRTH, 0, Metric.named("bdSeq", 1, MetricType.INT64, 4L));

        final RemoteNodeTracker.Outcome o = send(MessageType.DDATA, 1, Metric.aliased(11, 8, MetricType.UINT32, 10L));
        assertThat(o.readings()).isEmpty();
        assertThat(o.rebirth()).hasValueSatisfying(r -> assertThat(r).contains("before its birth"));
    }

    @Test
    void should_ask_for_a_rebirth_on_a_seq_gap_and_trust_nothing_until_the_births() {
        births();

        final RemoteNodeTracker.Outcome gap = send(MessageType.DDATA, 5, Metric.aliased(11, 8, MetricType.UINT32, 10L));
        assertThat(gap.rebirth()).hasValueSatisfying(r -> assertThat(r).contains("seq 5 where 2 was due"));
        assertThat(gap.readings()).as("a missed birth may have changed the aliases").isEmpty();
        assertThat(send(MessageType.DDATA, 6, Metric.aliased(11, 8, MetricType.UINT32, 11L)).readings()).isEmpty();
        assertThat(tracker.alive()).isFalse();

        assertThat(births().readings()).isNotEmpty();
        assertThat(send(MessageType.DDATA, 2, Metric.aliased(11, 8, MetricType.UINT32, 12L)).readings()).hasSize(1);
    }

    @Test
    void should_ask_for_a_rebirth_on_an_alias_no_birth_declared() {
        births();

        final RemoteNodeTracker.Outcome o = send(MessageType.DDATA, 2, Metric.aliased(99, 8, MetricType.UINT32, 10L),
                Metric.aliased(11, 8, MetricType.UINT32, 10L));
        assertThat(o.rebirth()).hasValueSatisfying(r -> assertThat(r).contains("alias 99"));
        assertThat(o.readings()).containsExactly(Reading.good("strokes", 10L, "", 8));
    }

    @Test
    void should_follow_seq_across_other_devices_and_wrap_after_255() {
        births();
        final SparkplugTopic other = SparkplugTopic.device("g", MessageType.DDATA, "n", "other");
        for (int seq = 2; seq <= 255; seq++) {
            assertThat(tracker.onMessage(other, new SparkplugPayload(1, OptionalLong.of(seq), List.of())).rebirth())
                    .isEmpty();
        }
        assertThat(send(MessageType.DDATA, 0, Metric.aliased(10, 9, MetricType.FLOAT, 42.0)).rebirth()).isEmpty();
    }

    @Test
    void should_report_the_device_bad_on_its_death_and_on_the_nodes_but_not_on_a_stale_ndeath() {
        births();
        assertThat(send(MessageType.NDEATH, -1, Metric.named("bdSeq", 1, MetricType.INT64, 3L)).readings()).isEmpty();
        assertThat(tracker.alive()).isTrue();

        final RemoteNodeTracker.Outcome death = send(MessageType.NDEATH, -1, Metric.named("bdSeq", 1, MetricType.INT64,
                4L));
        assertThat(death.readings()).extracting(Reading::quality).containsOnly(Quality.BAD_NO_CONNECTION);
        assertThat(death.readings()).hasSize(2);
        assertThat(tracker.alive()).isFalse();

        births();
        assertThat(send(MessageType.DDEATH, 2).readings()).extracting(Reading::detail)
                .containsOnly("device plc went offline (DDEATH)");
    }
}
