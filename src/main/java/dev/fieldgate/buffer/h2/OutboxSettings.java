package dev.fieldgate.buffer.h2;

import dev.fieldgate.config.BufferConfig.Overflow;
import dev.fieldgate.config.MemoryBudget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the H2 outbox is stored and bounded. Built with {@link #builder(Path)}: every part but the directory
 * has a default.
 *
 * @param directory       where the {@code outbox.mv.db} file lives
 * @param maxBytes        payload byte budget of the stored messages
 * @param overflow        what happens when the budget would be exceeded
 * @param syncOnCommit    force each group commit to the storage device (survives power loss, not just a crash)
 * @param maxAge          messages older than this are deleted unsent and counted as expired
 * @param minFreeDisk     free space kept on the volume: below it new messages are refused (disk-full state)
 * @param freeSpace       reads the volume's usable bytes (-1 when unknown)
 * @param refusedMaxBytes payload byte budget of the messages kept after the broker refused them for good
 * @param intakeBytes     bytes of appends that may wait for the writer; beyond it appends are refused at once
 * @param commitBytes     bytes one group commit gathers at most (H2 buffers a chunk of about this size)
 * @param cacheBytes      H2 page cache of the outbox file
 * @param healTimeout     how long the outbox may try to reopen its file after a failure before it reports
 *                        itself dead (liveness down, so that the orchestrator restarts the process)
 */
public record OutboxSettings(Path directory, long maxBytes, Overflow overflow, boolean syncOnCommit,
                             Duration maxAge, long minFreeDisk, LongSupplier freeSpace, long refusedMaxBytes,
                             long intakeBytes, long commitBytes, long cacheBytes, Duration healTimeout) {

    /** Largest payload one message may have (the AWS IoT Core limit is 128 KiB; this is the storage bound). */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** Checks the parts. */
    public OutboxSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(freeSpace, "freeSpace");
        Objects.requireNonNull(healTimeout, "healTimeout");
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
        if (intakeBytes < 1 || commitBytes < 1 || cacheBytes < 1) {
            throw new IllegalArgumentException("the outbox's intake, commit and cache budgets must be positive "
                    + "(fieldgate.memory.budget)");
        }
        if (healTimeout.isNegative() || healTimeout.isZero()) {
            throw new IllegalArgumentException("fieldgate.buffer.heal-timeout must be positive");
        }
    }

    /** @return a builder with the defaults: 256 MiB drop-oldest, synced, 7 days, the default memory budget */
    public static Builder builder(final Path directory) {
        return new Builder(directory);
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        return new Builder(directory).maxBytes(maxBytes).overflow(overflow).syncOnCommit(syncOnCommit).maxAge(maxAge)
                .minFreeDisk(minFreeDisk).freeSpace(freeSpace).refusedMaxBytes(refusedMaxBytes)
                .intakeBytes(intakeBytes).commitBytes(commitBytes).cacheBytes(cacheBytes).healTimeout(healTimeout);
    }

    /** Builds {@link OutboxSettings}; not thread-safe. */
    public static final class Builder {
        private final Path directory;
        private long maxBytes = 256L << 20;
        private Overflow overflow = Overflow.DROP_OLDEST;
        private boolean syncOnCommit = true;
        private Duration maxAge = Duration.ofDays(7);
        private long minFreeDisk = 64L << 20;
        private LongSupplier freeSpace;
        private long refusedMaxBytes = 16L << 20;
        private long intakeBytes;
        private long commitBytes;
        private long cacheBytes;
        private Duration healTimeout = Duration.ofSeconds(60);

        private Builder(final Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            memory(MemoryBudget.byDefault());
        }

        /** @param v payload byte budget of stored messages @return this */
        public Builder maxBytes(final long v) {
            maxBytes = v;
            return this;
        }

        /** @param v what happens at the budget @return this */
        public Builder overflow(final Overflow v) {
            overflow = v;
            return this;
        }

        /** @param v force commits to the device @return this */
        public Builder syncOnCommit(final boolean v) {
            syncOnCommit = v;
            return this;
        }

        /** @param v retention age @return this */
        public Builder maxAge(final Duration v) {
            maxAge = v;
            return this;
        }

        /** @param v free-space reserve in bytes @return this */
        public Builder minFreeDisk(final long v) {
            minFreeDisk = v;
            return this;
        }

        /** @param v reads the volume's usable bytes; default: the directory's volume @return this */
        public Builder freeSpace(final LongSupplier v) {
            freeSpace = v;
            return this;
        }

        /** @param v budget of refused messages kept @return this */
        public Builder refusedMaxBytes(final long v) {
            refusedMaxBytes = v;
            return this;
        }

        /** @param v intake bytes @return this */
        public Builder intakeBytes(final long v) {
            intakeBytes = v;
            return this;
        }

        /** @param v bytes per group commit @return this */
        public Builder commitBytes(final long v) {
            commitBytes = v;
            return this;
        }

        /** @param v H2 page cache bytes @return this */
        public Builder cacheBytes(final long v) {
            cacheBytes = v;
            return this;
        }

        /** @param v how long reopening may take before the outbox reports itself dead @return this */
        public Builder healTimeout(final Duration v) {
            healTimeout = v;
            return this;
        }

        /** Takes intake, commit and cache sizes from the memory budget. @param budget the budget @return this */
        public Builder memory(final MemoryBudget budget) {
            intakeBytes = budget.intake();
            commitBytes = budget.commit();
            cacheBytes = budget.outboxCache();
            return this;
        }

        /** @return the settings @throws IllegalArgumentException naming a setting out of range */
        public OutboxSettings build() {
            return new OutboxSettings(directory, maxBytes, overflow, syncOnCommit, maxAge, minFreeDisk,
                    freeSpace == null ? DiskSpace.of(directory) : freeSpace, refusedMaxBytes, intakeBytes, commitBytes,
                    cacheBytes, healTimeout);
        }
    }
}
