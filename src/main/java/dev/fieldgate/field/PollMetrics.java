package dev.fieldgate.field;

/**
 * What pollers report about their work; implemented with Micrometer by the telemetry side. Every method does
 * nothing by default, so that a test or tool implements only what it counts.
 */
public interface PollMetrics {

    /** One poll of {@code device} produced {@code readings} readings in {@code nanos}. */
    default void polled(final String device, final int readings, final long nanos) {
    }

    /** A poll of {@code device} failed in the way {@code kind} names. */
    default void error(final String device, final Quality kind) {
    }

    /** A poll started {@code nanos} after it was due. */
    default void late(final long nanos) {
    }

    /**
     * {@code device} could not be polled at its interval: the connection is too slow for the schedule, or the
     * buffer's intake is full and the poll was skipped (back-pressure).
     */
    default void overrun(final String device) {
    }

    /** Bytes or frames from {@code device} were dropped, e.g. {@code bad-checksum}, {@code noise}. */
    default void dropped(final String device, final String reason) {
    }

    /** Metrics that are dropped; for tests and tools. */
    PollMetrics NONE = new PollMetrics() {
    };
}
