package dev.fieldgate.telemetry;

import dev.fieldgate.field.DeviceControl;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.Reporting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Report by exception: a value that does not move costs nothing, until its heartbeat. */
class ReportByExceptionTest {

    private static final long T = 1_795_000_000_000L;
    private static final Reporting ON_CHANGE = new Reporting(true, 0.5, Duration.ofMinutes(1));

    private final Map<String, Reporting> reporting = new ConcurrentHashMap<>(Map.of(
            "temp", ON_CHANGE, "mode", ON_CHANGE, "count", Reporting.EVERY_POLL));
    private final ReportByException filter = new ReportByException(new Directory());

    @Test
    void should_send_only_what_moved_by_the_deadband_since_the_last_value_sent() {
        assertThat(points(T, 20.0, "AUTO", 1)).as("first poll: everything").containsExactly("temp", "mode", "count");
        assertThat(points(T + 1000, 20.4, "AUTO", 2)).as("within the deadband; every-poll point always")
                .containsExactly("count");
        // drift is measured from the value sent, not the previous poll: 20.4 -> 20.6 is 0.6 from 20.0
        assertThat(points(T + 2000, 20.6, "AUTO", 3)).containsExactly("temp", "count");
        assertThat(points(T + 3000, 20.6, "MANUAL", 4)).containsExactly("mode", "count");
    }

    @Test
    void should_send_an_unchanged_value_again_after_its_heartbeat() {
        points(T, 20.0, "AUTO", 1);
        assertThat(points(T + 59_999, 20.0, "AUTO", 1)).containsExactly("count");
        assertThat(points(T + 60_000, 20.0, "AUTO", 1)).containsExactly("temp", "mode", "count");
    }

    @Test
    void should_send_every_change_of_quality_once() {
        points(T, 20.0, "AUTO", 1);
        final DeviceReadings bad = new DeviceReadings("d", List.of(
                Reading.bad("temp", "", Quality.BAD_TIMEOUT, T + 1000, "no answer")));
        assertThat(filter.filter(bad)).hasSize(1);
        assertThat(filter.filter(bad)).as("still bad: nothing new").isEmpty();
        assertThat(points(T + 3000, 20.0, "AUTO", 1)).as("good again, same value").contains("temp");
    }

    @Test
    void should_send_again_what_the_outbox_did_not_take() {
        final DeviceReadings first = batch(T, 20.0, "AUTO", 1);
        final List<Reading> sent = filter.filter(first);
        filter.notSent("d", sent);   // the buffer was full
        assertThat(points(T + 1000, 20.0, "AUTO", 1)).as("not judged unchanged").containsExactly("temp", "mode", "count");
        // a refusal arriving after a newer value was recorded takes nothing back
        filter.notSent("d", sent);
        assertThat(points(T + 2000, 20.0, "AUTO", 1)).containsExactly("count");
    }

    @Test
    void should_pass_the_batch_itself_when_nothing_is_held_back() {
        reporting.clear();
        final DeviceReadings batch = batch(T, 20.0, "AUTO", 1);
        assertThat(filter.filter(batch)).isSameAs(batch.readings());
    }

    @Test
    void should_forget_devices_that_no_longer_run_and_send_everything_when_they_return() {
        points(T, 20.0, "AUTO", 1);
        running = Set.of();
        filter.forgetRemovedDevices();
        running = Set.of("d");
        assertThat(points(T + 1000, 20.0, "AUTO", 1)).containsExactly("temp", "mode", "count");
    }

    private volatile Set<String> running = Set.of("d");

    private List<String> points(final long t, final double temp, final String mode, final long count) {
        return filter.filter(batch(t, temp, mode, count)).stream().map(Reading::point).toList();
    }

    private static DeviceReadings batch(final long t, final double temp, final String mode, final long count) {
        return new DeviceReadings("d", List.of(Reading.good("temp", temp, "°C", t), Reading.good("mode", mode, "", t),
                Reading.good("count", count, "", t)));
    }

    private final class Directory implements DeviceDirectory {
        @Override
        public Set<String> deviceIds() {
            return running;
        }

        @Override
        public List<String> pointNames(final String deviceId) {
            return List.copyOf(reporting.keySet());
        }

        @Override
        public Optional<Point> modbusPoint(final String deviceId, final String point) {
            return Optional.empty();
        }

        @Override
        public Optional<PointOptions> options(final String deviceId, final String point) {
            return Optional.ofNullable(reporting.get(point)).map(PointOptions.READ_ONLY::withReport);
        }

        @Override
        public Optional<DeviceControl> control(final String deviceId) {
            return Optional.empty();
        }

        @Override
        public Optional<DeviceStatus> status(final String deviceId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> adapterOf(final String deviceId) {
            return Optional.empty();
        }
    }
}
