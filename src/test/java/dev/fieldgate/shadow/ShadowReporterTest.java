package dev.fieldgate.shadow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as a change worth reporting to the shadow. */
class ShadowReporterTest {

    @Test
    void should_report_numbers_that_moved_by_the_deadband_or_more() {
        assertThat(ShadowReporter.changed(null, 20.0, 0.5)).as("first value").isTrue();
        assertThat(ShadowReporter.changed(20.0, 20.4, 0.5)).isFalse();
        assertThat(ShadowReporter.changed(20.0, 20.5, 0.5)).isTrue();
        assertThat(ShadowReporter.changed(20.0, 19.4, 0.5)).isTrue();
        assertThat(ShadowReporter.changed(20L, 20L, 0)).isFalse();
        assertThat(ShadowReporter.changed(20L, 21L, 0)).as("no deadband: every change").isTrue();
        assertThat(ShadowReporter.changed(7L, 7.0, 0)).as("same number, other type").isFalse();
    }

    @Test
    void should_report_other_values_when_they_differ() {
        assertThat(ShadowReporter.changed(true, true, 0.5)).isFalse();
        assertThat(ShadowReporter.changed(true, false, 0.5)).isTrue();
        assertThat(ShadowReporter.changed("AUTO", "MANUAL", 10)).isTrue();
    }
}
