package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.OutboxEntry;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One unit of work for the outbox writer. */
abstract class WriteOp {

    abstract void complete();

    abstract void fail(RuntimeException e);

    /** @return bytes of the intake budget this operation holds until it is committed or failed */
    long reservedBytes() {
        return 0;
    }

    /** Store messages; completes with the entries once committed. */
    static final class Append extends WriteOp {
        final List<OutboundMessage> messages;
        final CompletableFuture<List<OutboxEntry>> result = new CompletableFuture<>();
        private final long reserved;
        List<OutboxEntry> entries = List.of();
        RuntimeException refusal;

        Append(final List<OutboundMessage> messages, final long reserved) {
            this.messages = messages;
            this.reserved = reserved;
        }

        @Override
        long reservedBytes() {
            return reserved;
        }

        @Override
        void complete() {
            if (refusal != null) {
                result.completeExceptionally(refusal);
            } else {
                result.complete(entries);
            }
        }

        @Override
        void fail(final RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /**
     * Delete a delivered (reason null) or rejected entry. A delivered one keeps only its id and size: the
     * acknowledgements of a fast drain can pile up between two commits, and holding their payloads would
     * keep everything just published in the heap.
     */
    static final class Delete extends WriteOp {
        final long id;
        final int payloadBytes;
        /** The whole entry, for a refusal only (kept aside with its topic and message id). */
        final OutboxEntry entry;
        final String reason;

        Delete(final OutboxEntry entry, final String reason) {
            this.id = entry.id();
            this.payloadBytes = entry.payload().length;
            this.entry = reason == null ? null : entry;
            this.reason = reason;
        }

        /** @return payload bytes this deletion touches: H2 copies each deleted row into its undo log */
        long commitBytes() {
            return payloadBytes;
        }

        @Override
        void complete() {
        }

        @Override
        void fail(final RuntimeException e) {
            // the row stays; it is published again after the next rewind or restart, a duplicate at worst
        }
    }

    /** Puts the kept refused messages back into the outbox ({@code resend}) or deletes them. */
    static final class Refused extends WriteOp {
        final boolean resend;
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        int count;
        RuntimeException refusal;

        Refused(final boolean resend) {
            this.resend = resend;
        }

        @Override
        void complete() {
            if (refusal != null) {
                result.completeExceptionally(refusal);
            } else {
                result.complete(count);
            }
        }

        @Override
        void fail(final RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** Completes once everything queued before it is committed. */
    static final class Flush extends WriteOp {
        final CompletableFuture<Void> result = new CompletableFuture<>();

        @Override
        void complete() {
            result.complete(null);
        }

        @Override
        void fail(final RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** Wakes the writer so that queued deletions are committed without waiting for the next append. */
    static final class Wake extends WriteOp {
        static final Wake INSTANCE = new Wake();

        @Override
        void complete() {
        }

        @Override
        void fail(final RuntimeException e) {
        }
    }
}
