package dev.fieldgate.buffer.h2;

import dev.fieldgate.config.BufferConfig.Overflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the H2 outbox is stored and bounded.
 *
 * @param directory     where the {@code outbox.mv.db} file lives
 * @param maxBytes      payload byte budget of the stored messages
 * @param overflow      what happens when the budget would be exceeded
 * @param syncOnCommit  force each group commit to the storage device (survives power loss, not just a crash)
 * @param intakeQueue   batches that may wait for the writer before appends are refused
 * @param maxAge        messages older than this are deleted unsent and counted as expired
 */
public record OutboxSettings(Path directory, long maxBytes, Overflow overflow, boolean syncOnCommit,
                             int intakeQueue, Duration maxAge) {

    /** Largest payload one message may have (the AWS IoT Core limit is 128 KiB; this is the storage bound). */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** Checks the parts. */
    public OutboxSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(maxAge, "maxAge");
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
