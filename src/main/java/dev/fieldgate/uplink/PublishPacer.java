package dev.fieldgate.uplink;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces publishes so that the connection's publish and byte budgets hold. At cloud quota rates (a publish
 * every millisecond or less often) publishes are evenly spaced and each waits until the second before its
 * slot has room for it, in publishes and in bytes: the quota holds for any second, not just on average. At
 * higher rates (a broker without quota) each publish books its share of both rates and may go up to a
 * millisecond early. Shared by the backlog drain, which waits for its slots, and control traffic (shadow
 * requests, command replies), which books its slot and goes at once: control traffic is small and comes
 * first, and the drain makes up for it by waiting longer. Thread-safe.
 */
public final class PublishPacer {

    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final long nanosPerPublish;
    /**
     * How early a publish may go before its slot. Parking for a few microseconds costs the scheduler's
     * ~60 µs, which would cap a broker without quota at ~15,000 publishes/s; so at rates above 1,000/s a
     * publish may go up to a millisecond early (the slots are still booked, the rate holds on average). At
     * cloud quotas (AWS: 100/s) every publish waits for its slot exactly.
     */
    private final long earlyNanos;
    /** Quota rates: every second is checked against the budget (the booked history is kept). */
    private final boolean windowed;
    private final double nanosPerByte;
    private final int publishesPerSecond;
    private final long bytesPerSecond;
    private long nextSlot = System.nanoTime();
    /** {slot, bytes} of the publishes booked within the last second before the latest slot. */
    private final java.util.ArrayDeque<long[]> booked = new java.util.ArrayDeque<>();
    private long bookedBytes;

    /**
     * @param publishesPerSecond  publish budget of the connection
     * @param bytesPerSecond      byte budget of the connection
     */
    public PublishPacer(final int publishesPerSecond, final long bytesPerSecond) {
        this.publishesPerSecond = publishesPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.nanosPerPublish = 1_000_000_000L / publishesPerSecond;
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.windowed = nanosPerPublish >= MILLISECOND;
        this.earlyNanos = windowed ? 0 : MILLISECOND;
    }

    /** Blocks until the next publish slot has come, without booking it. */
    void awaitFree() {
        long wait;
        while ((wait = untilFree()) > earlyNanos) {
            LockSupport.parkNanos(wait);
        }
    }

    private synchronized long untilFree() {
        return nextSlot - System.nanoTime();
    }

    /** Blocks until a publish of {@code bytes} may go, and books it. */
    void awaitSlot(final int bytes) {
        final long wait = book(bytes);
        if (wait > earlyNanos) {
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
        long slot = Math.max(nextSlot, now);
        // even spacing alone lets one second hold the budget plus one message; a cloud quota holds for any
        // second, so the slot also moves until the second before it has room for this publish (at quota
        // rates only: above 1,000/s, a broker without quota, the history would cost more than it is worth)
        if (!windowed) {
            nextSlot = slot + Math.max(nanosPerPublish, (long) (bytes * nanosPerByte));
            return slot - now;
        }
        while (!booked.isEmpty() && booked.peekFirst()[0] <= slot - SECOND) {
            bookedBytes -= booked.pollFirst()[1];
        }
        while (!booked.isEmpty() && (booked.size() + 1 > publishesPerSecond || bookedBytes + bytes > bytesPerSecond)) {
            final long[] oldest = booked.pollFirst();
            bookedBytes -= oldest[1];
            slot = Math.max(slot, oldest[0] + SECOND);
        }
        booked.addLast(new long[] {slot, bytes});
        bookedBytes += bytes;
        // publishes stay evenly spaced; the bytes are bounded by the window above, which lets a large
        // batch go as soon as the second has room for it
        nextSlot = slot + nanosPerPublish;
        return slot - now;
    }
}
