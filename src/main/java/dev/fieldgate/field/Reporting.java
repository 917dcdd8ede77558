package dev.fieldgate.field;

import java.time.Duration;
import java.util.Objects;

/**
 * How a point's readings go upstream as telemetry.
 *
 * @param onChange   false: every poll is sent; true: only a value that moved by the deadband since the last sent
 *                   one, a change of quality, or the first reading after {@code heartbeat} of silence
 * @param deadband   smallest change of a numeric value that is sent again; 0 sends every change
 * @param heartbeat  longest silence of an unchanged point, so that consumers can tell "unchanged" from "gone"
 */
public record Reporting(boolean onChange, double deadband, Duration heartbeat) {

    /** Shortest heartbeat accepted: a second. */
    public static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);

    /** Longest heartbeat accepted: a day. */
    public static final Duration MAX_HEARTBEAT = Duration.ofDays(1);

    /** Every poll is sent. */
    public static final Reporting EVERY_POLL = new Reporting(false, 0, Duration.ofMinutes(10));

    /** Checks the deadband and the heartbeat. */
    public Reporting {
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (!(deadband >= 0) || Double.isInfinite(deadband)) {
            throw new IllegalArgumentException("report-deadband must be a finite number >= 0");
        }
        if (heartbeat.compareTo(MIN_HEARTBEAT) < 0 || heartbeat.compareTo(MAX_HEARTBEAT) > 0) {
            throw new IllegalArgumentException("heartbeat must lie between 1s and 24h");
        }
    }

    /**
     * @return true when {@code now} differs from {@code last} enough to be sent again: any change of a
     *         non-numeric value, a numeric change of at least the deadband (any change when it is 0), any change
     *         to or from NaN
     */
    public static boolean changed(final Object last, final Object now, final double deadband) {
        if (last == null || now == null) {
            return last != now;
        }
        if (last instanceof Long && now instanceof Long && deadband == 0) {
            return !last.equals(now);   // exact beyond 2^53, where doubles would not tell counts apart
        }
        if (last instanceof Number && now instanceof Number) {
            final double before = ((Number) last).doubleValue();
            final double after = ((Number) now).doubleValue();
            if (Double.isNaN(before) || Double.isNaN(after)) {
                return Double.isNaN(before) != Double.isNaN(after);
            }
            final double delta = Math.abs(after - before);
            return deadband == 0 ? delta != 0 : delta >= deadband;
        }
        return !last.equals(now);
    }
}
