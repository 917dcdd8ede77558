package dev.fieldgate.buffer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable store-and-forward queue between intake and uplink. Its contract (ordering, durability,
 * overflow) is written in {@code store-forward/README.md}.
 *
 * <p>Thread-safe. Appends and acknowledgements are queued to a single writer that commits them in groups,
 * so neither costs a transaction of its own.
 */
public interface Outbox {

    /**
     * Appends messages. The returned stage completes once they are committed to disk ("accepted"), or
     * exceptionally with {@link BufferFullException} when the intake's byte budget is spent or the overflow
     * policy is reject-new, or with {@link BufferUnavailableException} when the store cannot write.
     *
     * @param messages messages in the order they must be delivered
     * @return the accepted entries, in order
     */
    CompletableFuture<List<OutboxEntry>> append(List<OutboundMessage> messages);

    /**
     * Reads entries in delivery order.
     *
     * @param afterId  only entries with a larger id; 0 for the oldest
     * @param max      at most this many
     * @return committed entries, ascending id
     * @throws BufferUnavailableException when the store cannot be read
     */
    default List<OutboxEntry> readAfter(final long afterId, final int max) {
        return readAfter(afterId, max, Long.MAX_VALUE);
    }

    /**
     * Reads entries in delivery order, stopping once their payloads reach {@code maxBytes} (at least one
     * entry is returned when there is one).
     *
     * @param afterId  only entries with a larger id; 0 for the oldest
     * @param max      at most this many
     * @param maxBytes payload bytes after which no further entry is added
     * @return committed entries, ascending id
     * @throws BufferUnavailableException when the store cannot be read
     */
    List<OutboxEntry> readAfter(long afterId, int max, long maxBytes);

    /** @return the id of the last committed message (0 when none ever was): later appends get larger ids */
    long lastId();

    /** Marks an entry delivered (PUBACK received); it is deleted with the next group commit. */
    void acknowledge(OutboxEntry entry);

    /**
     * Takes an entry the broker refused for good (for example "not authorized") out of delivery, counting it
     * as rejected; it is kept among the refused messages (within their budget) until sent again or discarded.
     *
     * @param entry the entry
     * @param reason why, for the log and the operator
     */
    void reject(OutboxEntry entry, String reason);

    /**
     * The refused messages kept, most recently refused first.
     *
     * @param max at most this many
     * @throws BufferUnavailableException when the store cannot be read
     */
    List<RefusedMessage> refused(int max);

    /**
     * Puts every kept refused message back at the end of the outbox (new delivery ids, same payload and
     * message id), for example after the IoT policy that refused them was fixed.
     *
     * @return a stage completing with the number of messages queued again once committed, exceptionally with
     *         {@link BufferFullException} when they do not fit a reject-new budget
     */
    CompletableFuture<Integer> resendRefused();

    /** Deletes every kept refused message. @return a stage completing with how many were deleted */
    CompletableFuture<Integer> discardRefused();

    /** @return a stage completing when every acknowledgement queued before this call is committed. */
    CompletableFuture<Void> flush();

    /** Registers a callback run after each commit that added entries; it must be quick. */
    void onAppended(Runnable listener);

    /** @return current depth, size and counters. */
    OutboxStats stats();

    /**
     * Back-pressure for producers: false while appending {@code bytes} more would be refused because the
     * intake's byte budget is spent (the disk is behind). A producer then skips its work and counts an overrun
     * instead of building a batch that cannot be accepted.
     *
     * @param bytes the size hint of the next append
     */
    boolean hasRoom(long bytes);

    /** @return whether the outbox heals by itself or needs a restart. */
    OutboxHealth health();

    /** @return false when the writer thread has died (the process must be restarted) */
    boolean isWriterAlive();

    /** @return where a damaged buffer file was moved at open, if one was */
    Optional<Path> quarantinedFile();
}
