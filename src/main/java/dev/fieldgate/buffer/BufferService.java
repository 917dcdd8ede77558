package dev.fieldgate.buffer;

import dev.fieldgate.config.MemoryBudget;

import java.util.Optional;

/** The gateway's durable buffer, for the capabilities that write to or drain it and the layers that show it. */
public interface BufferService {

    /** @return the outbox, empty until it has opened */
    Optional<Outbox> outbox();

    /**
     * @return the opened outbox, for the capabilities that start after it
     * @throws IllegalStateException when called before the buffer opened (a start-order mistake)
     */
    default Outbox opened() {
        return outbox().orElseThrow(() -> new IllegalStateException(
                "the outbox is not open yet: a capability started before the buffer"));
    }

    /**
     * Opens a further outbox of its own, for a capability whose messages must not mix with the uplink's queue
     * (they go elsewhere, and later): the same store, in its own file under {@code {data-dir}/<name>}, owner-only,
     * bounded to {@code maxBytes} payload bytes with the oldest dropped and counted when full, synced on commit.
     * Its memory is small and fixed (see {@link #NAMED_OUTBOX_MEMORY_BYTES}), outside the shared budget's
     * parts. It is closed with the buffer, after every capability stopped.
     *
     * @param name      the directory under the data directory: letters, digits and '-', not {@code buffer}
     * @param maxBytes  payload byte budget, at least 256 KiB
     * @return the opened outbox
     * @throws NullPointerException when name is null
     * @throws IllegalArgumentException when the name is not a plain directory name or maxBytes is too small
     * @throws IllegalStateException when called before the buffer opened or after it closed
     * @throws BufferUnavailableException when the file cannot be opened
     */
    Outbox openNamed(String name, long maxBytes);

    /** Memory one named outbox holds at most: 1 MiB each for its intake, its group commit and its page cache. */
    long NAMED_OUTBOX_MEMORY_BYTES = 3L << 20;

    /** @return the memory budget shared out between the buffer and the uplink */
    MemoryBudget memory();
}
