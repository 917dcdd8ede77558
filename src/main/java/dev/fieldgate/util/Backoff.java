package dev.fieldgate.util;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits a random time between half and all of
 * {@code min(initial × 2^n, max)}, so that many gateways (or many devices) never retry in lock-step.
 *
 * @param initial first delay
 * @param max     cap of the delay
 */
public record Backoff(Duration initial, Duration max) {

    /** Checks that both are positive and ordered. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /**
     * @param attempt 0 for the first retry
     * @return the delay before that retry, in nanoseconds
     */
    public long delayNanos(final int attempt) {
        final long cap = max.toNanos();
        final long base = attempt >= 62 ? cap : Math.min(cap, initial.toNanos() << Math.min(attempt, 40));
        final long ceiling = base <= 0 ? cap : base;
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
