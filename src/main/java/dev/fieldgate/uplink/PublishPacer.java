package dev.fieldgate.uplink;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces publishes so that neither the publish rate nor the byte rate is exceeded: each publish books its
 * share of both and the next waits until both are free. Used by one thread.
 */
final class PublishPacer {

    private final long nanosPerPublish;
    private final double nanosPerByte;
    private long nextSlot = System.nanoTime();

    PublishPacer(final int publishesPerSecond, final long bytesPerSecond) {
        this.nanosPerPublish = 1_000_000_000L / publishesPerSecond;
        this.nanosPerByte = 1e9 / bytesPerSecond;
    }

    /** Blocks until a publish of {@code bytes} may go, and books it. */
    void awaitSlot(final int bytes) {
        final long now = System.nanoTime();
        // an idle period earns no burst: the slot never lies in the past
        if (nextSlot < now) {
            nextSlot = now;
        }
        final long wait = nextSlot - now;
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        nextSlot += Math.max(nanosPerPublish, (long) (bytes * nanosPerByte));
    }
}
