package dev.fieldgate.buffer.h2;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Free space on the outbox's volume, read at most twice a second (a statvfs call). H2 must never meet a
 * full disk in the middle of writing a chunk: it would close the store. So the outbox stops accepting new
 * messages while the free space is below the reserve, and acknowledgements (which free space) go on.
 */
public final class DiskSpace {

    private static final long RECHECK_NANOS = 500_000_000L;

    private final LongSupplier usable;
    private final long reserve;
    private long checkedAt;
    private long lastFree = Long.MAX_VALUE;

    /**
     * @param usable   usable bytes of the volume, -1 when unknown
     * @param reserve  bytes to keep free
     */
    DiskSpace(final LongSupplier usable, final long reserve) {
        this.usable = usable;
        this.reserve = reserve;
        this.checkedAt = System.nanoTime() - RECHECK_NANOS;
    }

    /** @return the usable space of the volume holding {@code dir}, read by the file system */
    public static LongSupplier of(final Path dir) {
        return () -> {
            try {
                final FileStore store = Files.getFileStore(dir);
                return store.getUsableSpace();
            } catch (final IOException e) {
                return -1;
            }
        };
    }

    /** @return true when the free space is below the reserve (an unreadable free space counts as enough) */
    synchronized boolean isLow() {
        final long now = System.nanoTime();
        if (now - checkedAt >= RECHECK_NANOS) {
            checkedAt = now;
            final long free = usable.getAsLong();
            lastFree = free < 0 ? Long.MAX_VALUE : free;
        }
        return lastFree < reserve;
    }

    /** @return the free bytes last read */
    synchronized long free() {
        return lastFree;
    }

    /** @return the reserve */
    long reserve() {
        return reserve;
    }
}
