package dev.fieldgate.buffer;

/**
 * A snapshot of the outbox.
 *
 * @param depth            stored messages not yet acknowledged
 * @param bytes            their payload bytes
 * @param oldestCreatedAt  epoch ms of the oldest stored message, 0 when empty
 * @param accepted         messages committed since start
 * @param dropped          messages removed by the overflow policy since start
 * @param expired          messages deleted unsent because they outlived the retention age, since start
 * @param rejected         messages refused at intake (queue full, reject-new) or refused for good by the broker
 * @param writable         false while the store cannot write
 * @param diskFull         true while the data volume is below its free-space reserve and new messages are refused
 * @param refusedKept      messages the broker refused for good, kept to be sent again or discarded
 * @param refusedBytes     their payload bytes
 * @param intakeBytes      bytes of appends waiting for the disk now
 * @param intakeLimit      the intake's byte budget
 */
public record OutboxStats(long depth, long bytes, long oldestCreatedAt, long accepted, long dropped, long expired,
                          long rejected, boolean writable, boolean diskFull, long refusedKept, long refusedBytes,
                          long intakeBytes, long intakeLimit) {

    /** @return the buffer's state in one word: ok, disk-full or unwritable */
    public String state() {
        return !writable ? "unwritable" : diskFull ? "disk-full" : "ok";
    }

    /** @return seconds since the oldest stored message was accepted, 0 when nothing is stored */
    public double oldestAgeSeconds() {
        return oldestCreatedAt == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldestCreatedAt) / 1000.0;
    }
}
