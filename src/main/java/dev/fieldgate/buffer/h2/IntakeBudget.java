package dev.fieldgate.buffer.h2;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of appends waiting for the outbox writer, bounded. A reservation that does not fit is refused
 * at once (the caller counts it and skips work) rather than queued: under overload the pollers feel the
 * disk's pace instead of the heap filling up. One reservation is always let in while nothing is reserved, so
 * that a message larger than the whole budget cannot be starved for good. Thread-safe, lock-free.
 */
final class IntakeBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /** @param limit bytes that may be reserved at once */
    IntakeBudget(final long limit) {
        this.limit = limit;
    }

    /** @return true when {@code bytes} were reserved; false when they do not fit */
    boolean tryReserve(final long bytes) {
        while (true) {
            final long now = used.get();
            if (now > 0 && now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back a reservation once its operation is committed or failed. */
    void release(final long bytes) {
        used.addAndGet(-bytes);
    }

    /** @return true while a reservation of {@code bytes} would fit now */
    boolean hasRoom(final long bytes) {
        final long now = used.get();
        return now == 0 || now + bytes <= limit;
    }

    /** @return bytes reserved now */
    long used() {
        return used.get();
    }

    /** @return the bound */
    long limit() {
        return limit;
    }
}
