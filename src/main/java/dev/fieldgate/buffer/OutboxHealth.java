package dev.fieldgate.buffer;

/**
 * Whether the outbox can go on by itself, for liveness: after a failed commit it reopens its file and tries
 * again; only when that does not succeed within its heal timeout is it reported dead, so that the
 * orchestrator restarts the process.
 *
 * @param alive             false when the writer stopped or the outbox could not heal in time
 * @param reason            why it is not writable now, or null
 * @param unwritableSinceMs epoch ms of the first failure not yet healed, 0 while writable
 * @param reopened          times the file was reopened after a failure since start
 */
public record OutboxHealth(boolean alive, String reason, long unwritableSinceMs, long reopened) {
}
