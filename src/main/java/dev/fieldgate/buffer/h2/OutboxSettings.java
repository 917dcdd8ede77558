package dev.fieldgate.buffer.h2;

import dev.fieldgate.config.BufferConfig.Overflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the H2 outbox is stored and bounded.
 *
 * @param directory     where the {@code outbox.mv.db} file lives
 * @param maxBytes      payload byte budget of the stored messages
 * @param overflow      what happens when the budget would be exceeded
 * @param syncOnCommit  force each group commit to the storage device (survives power loss, not just a crash)
 * @param intakeQueue   batches that may wait for the writer before appends are refused
 * @param maxAge        messages older than this are deleted unsent and counted as expired
 * @param minFreeDisk   free space kept on the volume: below it new messages are refused (disk-full state)
 * @param freeSpace     reads the volume's usable bytes (-1 when unknown)
 * @param refusedMaxBytes payload byte budget of the messages kept after the broker refused them for good
 */
public record OutboxSettings(Path directory, long maxBytes, Overflow overflow, boolean syncOnCommit,
                             int intakeQueue, Duration maxAge, long minFreeDisk, LongSupplier freeSpace,
                             long refusedMaxBytes) {

    /** Default reserve of free disk space. */
    public static final long DEFAULT_MIN_FREE_DISK = 64L << 20;
    /** Default budget of refused messages kept. */
    public static final long DEFAULT_REFUSED_MAX_BYTES = 16L << 20;

    /** Settings with the default budget of refused messages. */
    public OutboxSettings(final Path directory, final long maxBytes, final Overflow overflow, final boolean syncOnCommit,
                          final int intakeQueue, final Duration maxAge, final long minFreeDisk,
                          final LongSupplier freeSpace) {
        this(directory, maxBytes, overflow, syncOnCommit, intakeQueue, maxAge, minFreeDisk, freeSpace,
                DEFAULT_REFUSED_MAX_BYTES);
    }

    /** Settings with the default disk reserve, measured on the directory's volume. */
    public OutboxSettings(final Path directory, final long maxBytes, final Overflow overflow, final boolean syncOnCommit,
                          final int intakeQueue, final Duration maxAge) {
        this(directory, maxBytes, overflow, syncOnCommit, intakeQueue, maxAge, DEFAULT_MIN_FREE_DISK,
                DiskSpace.of(directory));
    }

    /** Largest payload one message may have (the AWS IoT Core limit is 128 KiB; this is the storage bound). */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** Checks the parts. */
    public OutboxSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(freeSpace, "freeSpace");
        if (minFreeDisk < 0) {
            throw new IllegalArgumentException("fieldgate.buffer.min-free-disk must not be negative");
        }
        if (refusedMaxBytes < 0) {
            throw new IllegalArgumentException("fieldgate.buffer.refused-max-size must not be negative");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("fieldgate.buffer.max-age must be positive");
        }
        if (maxBytes < MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("fieldgate.buffer.max-size must be at least " + MAX_PAYLOAD_BYTES + " bytes");
        }
        if (intakeQueue < 1) {
            throw new IllegalArgumentException("fieldgate.buffer.intake-queue must be positive");
        }
    }
}
