package dev.fieldgate.field;

/** What pollers report about their work; implemented with Micrometer by the telemetry side. */
public interface PollMetrics {

    /** One poll of {@code device} produced {@code readings} readings in {@code nanos}. */
    void polled(String device, int readings, long nanos);

    /** A poll of {@code device} failed in the way {@code kind} names. */
    void error(String device, Quality kind);

    /** A poll started {@code nanos} after it was due. */
    void late(long nanos);

    /** {@code device} could not be polled at its interval (the connection is too slow for the schedule). */
    void overrun(String device);

    /** Bytes or frames from {@code device} were dropped, e.g. {@code bad-checksum}, {@code noise}. */
    void dropped(String device, String reason);

    /** Metrics that are dropped; for tests and tools. */
    PollMetrics NONE = new PollMetrics() {
        @Override
        public void polled(final String device, final int readings, final long nanos) {
        }

        @Override
        public void error(final String device, final Quality kind) {
        }

        @Override
        public void late(final long nanos) {
        }

        @Override
        public void overrun(final String device) {
        }

        @Override
        public void dropped(final String device, final String reason) {
        }
    };
}
