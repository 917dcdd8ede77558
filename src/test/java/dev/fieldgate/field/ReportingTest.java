package dev.fieldgate.field;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What counts as a change worth reporting, to the shadow and upstream. */
class ReportingTest {

    @Test
    void should_report_numbers_that_moved_by_the_deadband_or_more() {
        assertThat(Reporting.changed(null, 20.0, 0.5)).as("first value").isTrue();
        assertThat(Reporting.changed(20.0, 20.4, 0.5)).isFalse();
        assertThat(Reporting.changed(20.0, 20.5, 0.5)).isTrue();
        assertThat(Reporting.changed(20.0, 19.4, 0.5)).isTrue();
        assertThat(Reporting.changed(20L, 20L, 0)).isFalse();
        assertThat(Reporting.changed(20L, 21L, 0)).as("no deadband: every change").isTrue();
        assertThat(Reporting.changed(7L, 7.0, 0)).as("same number, other type").isFalse();
    }

    @Test
    void should_report_changes_to_and_from_nan_and_counts_beyond_double_precision() {
        assertThat(Reporting.changed(20.0, Double.NaN, 0.5)).isTrue();
        assertThat(Reporting.changed(Double.NaN, 20.0, 0.5)).isTrue();
        assertThat(Reporting.changed(Double.NaN, Double.NaN, 0.5)).isFalse();
        assertThat(Reporting.changed((1L << 60), (1L << 60) + 1, 0)).as("a counter step above 2^53").isTrue();
    }

    @Test
    void should_report_other_values_when_they_differ() {
        assertThat(Reporting.changed(true, true, 0.5)).isFalse();
        assertThat(Reporting.changed(true, false, 0.5)).isTrue();
        assertThat(Reporting.changed("AUTO", "MANUAL", 10)).isTrue();
    }

    @Test
    void should_refuse_a_negative_deadband_and_a_heartbeat_outside_a_second_to_a_day() {
        assertThatThrownBy(() -> new Reporting(true, -1, Duration.ofMinutes(1))).hasMessageContaining("report-deadband");
        assertThatThrownBy(() -> new Reporting(true, 0, Duration.ofMillis(500))).hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> new Reporting(true, 0, Duration.ofDays(2))).hasMessageContaining("heartbeat");
    }
}
