package dev.fieldgate.uplink;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces publishes so that neither the publish rate nor the byte rate of the connection is exceeded: each
 * publish books its share of both and the next waits until both are free. Shared by the backlog drain, which
 * waits for its slots, and control traffic (shadow requests, command replies), which books its slot and goes
 * at once: control traffic is small and comes first, and the drain makes up for it by waiting longer.
 * Thread-safe.
 */
public final class PublishPacer {

    private final long nanosPerPublish;
    private final double nanosPerByte;
    private long nextSlot = System.nanoTime();

    /**
     * @param publishesPerSecond  publish budget of the connection
     * @param bytesPerSecond      byte budget of the connection
     */
    public PublishPacer(final int publishesPerSecond, final long bytesPerSecond) {
        this.nanosPerPublish = 1_000_000_000L / publishesPerSecond;
        this.nanosPerByte = 1e9 / bytesPerSecond;
    }

    /** Blocks until the next publish slot has come, without booking it. */
    void awaitFree() {
        long wait;
        while ((wait = untilFree()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private synchronized long untilFree() {
        return nextSlot - System.nanoTime();
    }

    /** Blocks until a publish of {@code bytes} may go, and books it. */
    void awaitSlot(final int bytes) {
        final long wait = book(bytes);
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /**
     * Books a slot for a publish of {@code bytes}.
     *
     * @return nanoseconds until the booked slot; control traffic goes anyway, the drain waits for it
     */
    public synchronized long book(final int bytes) {
        final long now = System.nanoTime();
        // an idle period earns no burst: the slot never lies in the past
        if (nextSlot < now) {
            nextSlot = now;
        }
        final long wait = nextSlot - now;
        nextSlot += Math.max(nanosPerPublish, (long) (bytes * nanosPerByte));
        return wait;
    }
}
