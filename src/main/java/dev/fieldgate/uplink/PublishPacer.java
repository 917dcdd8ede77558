package dev.fieldgate.uplink;

import java.util.concurrent.locks.LockSupport;

/** Spaces publishes evenly so that at most {@code perSecond} leave per second. Used by one thread. */
final class PublishPacer {

    private final long spacingNanos;
    private long nextSlot = System.nanoTime();

    PublishPacer(final int perSecond) {
        this.spacingNanos = 1_000_000_000L / perSecond;
    }

    /** Blocks until the next publish may go. */
    void awaitSlot() {
        final long now = System.nanoTime();
        // an idle period earns no burst: the slot never lies in the past
        if (nextSlot < now) {
            nextSlot = now;
        }
        final long wait = nextSlot - now;
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        nextSlot += spacingNanos;
    }
}
