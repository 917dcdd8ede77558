package dev.fieldgate.uplink;

import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.buffer.OutboxEntry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * A read-ahead over one id range of the outbox, kept per device (stream), that hands out batches: the
 * device whose oldest waiting message is oldest goes next, with all its messages read so far (up to the
 * message size limit). So the more messages wait, the more each publish carries: the batch window of every
 * device widens by itself until the whole plant fits the publish budget, and narrows again when it does.
 *
 * <p>Memory is bounded: at most {@code maxEntries} messages and {@code maxBytes} bytes (payloads and the entries
 * around them) are held.
 * Used by the drain thread only.
 */
final class DrainLane {

    private static final int READ_CHUNK = 512;

    private final boolean backlog;
    private final int maxEntries;
    private final long maxBytes;
    private final Map<String, ArrayDeque<OutboxEntry>> byStream = new HashMap<>();
    /** Oldest waiting id of each stream, so that the oldest head is found without a scan. */
    private final TreeMap<Long, String> heads = new TreeMap<>();
    private long cursor;
    private long upTo;
    private int entries;
    /** Heap bytes held: payloads plus each entry's own overhead. */
    private long bytes;
    /** Average size of an entry read so far, for sizing reads to the byte room. */
    private long averageBytes = 1024;
    /** Everything up to {@link #upTo} has been read (backlog), or the last read came back short (live). */
    private boolean caughtUp;

    /**
     * @param backlog     whether this lane carries messages stored before the connection came up
     * @param maxEntries  messages held at most
     * @param maxBytes    payload bytes held at most
     */
    DrainLane(final boolean backlog, final int maxEntries, final long maxBytes) {
        this.backlog = backlog;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Forgets what was read; the lane covers ids in {@code (after, upTo]} from now on. */
    void reset(final long after, final long upTo) {
        byStream.clear();
        heads.clear();
        entries = 0;
        bytes = 0;
        cursor = after;
        this.upTo = upTo;
        caughtUp = after >= upTo;
    }

    /** Lets a live lane read again after new messages were committed. */
    void newMessagesCommitted() {
        if (cursor < upTo) {
            caughtUp = false;
        }
    }

    /**
     * Reads on from the outbox until the read-ahead is full or the range is read.
     *
     * @param skip ids not to hold (in flight: the MQTT session resends those itself)
     */
    void fill(final Outbox outbox, final LongPredicate skip) {
        // refilled from half empty in large reads: one query per publish would cost more than the publish,
        // and full read-aheads make large batches (measured: bench/quota.sh uses 0.94 of the byte budget
        // with reads of one chunk per publish, 0.99 with this)
        if (entries > maxEntries / 2 || bytes > maxBytes / 2) {
            return;
        }
        while (!caughtUp && entries < maxEntries && bytes < maxBytes) {
            readChunk(outbox, skip);
        }
    }

    private void readChunk(final Outbox outbox, final LongPredicate skip) {
        // rows the byte room left can hold at the sizes seen so far: H2 materialises a whole result
        final long room = maxBytes - bytes;
        final int want = (int) Math.max(1, Math.min(Math.min(READ_CHUNK, maxEntries - entries), room / averageBytes));
        final List<OutboxEntry> read = outbox.readAfter(cursor, want, room);
        for (final OutboxEntry e : read) {
            if (e.id() > upTo) {
                cursor = upTo;
                caughtUp = true;
                return;
            }
            cursor = e.id();
            if (!skip.test(e.id())) {
                hold(e);
            }
        }
        final long payloadBytes = read.stream().mapToLong(e -> e.payload().length).sum();
        if (!read.isEmpty()) {
            averageBytes = Math.max(1, (averageBytes + (payloadBytes + (long) read.size() * OutboxEntry.OVERHEAD_BYTES)
                    / read.size()) / 2);
        }
        // a read cut short by the byte room is not the end of the range
        if (read.size() < want && payloadBytes < room) {
            caughtUp = true;
        }
    }

    private void hold(final OutboxEntry e) {
        final ArrayDeque<OutboxEntry> queue = byStream.computeIfAbsent(e.stream(), s -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            heads.put(e.id(), e.stream());
        }
        queue.addLast(e);
        entries++;
        bytes += e.size();
    }

    /** @return true when no message is held */
    boolean isEmpty() {
        return entries == 0;
    }

    /** @return true when the read-ahead holds as much as it may */
    boolean isFull() {
        return entries >= maxEntries || bytes >= maxBytes;
    }

    /** @return true when the lane has nothing left to send: nothing held and its range all read */
    boolean isDrained() {
        return entries == 0 && caughtUp;
    }

    /** @return the oldest held message, or null */
    OutboxEntry oldest() {
        final Map.Entry<Long, String> head = heads.firstEntry();
        return head == null ? null : byStream.get(head.getValue()).peekFirst();
    }

    /** @return the number of devices with held messages */
    int streams() {
        return heads.size();
    }

    /**
     * Takes the next batch: the device with the oldest held message, its consecutive messages of the same
     * topic, QoS and payload format while the wrapped publish stays within {@code maxMessageBytes}. A message too large on
     * its own comes out alone; the caller refuses it.
     *
     * @return the batch, or null when nothing is held
     */
    DrainBatch take(final long maxMessageBytes) {
        final Map.Entry<Long, String> head = heads.pollFirstEntry();
        if (head == null) {
            return null;
        }
        final ArrayDeque<OutboxEntry> queue = byStream.get(head.getValue());
        final OutboxEntry first = queue.pollFirst();
        final List<OutboxEntry> batch = new ArrayList<>();
        batch.add(first);
        long payload = first.payload().length;
        final PayloadFormat format = PayloadFormat.of(first.payload());
        while (!queue.isEmpty() && payload <= maxMessageBytes && format != PayloadFormat.OTHER) {
            final OutboxEntry next = queue.peekFirst();
            if (!next.topic().equals(first.topic()) || next.qos() != first.qos()
                    || PayloadFormat.of(next.payload()) != format
                    || format.wrappedSize(batch.size() + 1, payload + next.payload().length, backlog) > maxMessageBytes) {
                break;
            }
            batch.add(queue.pollFirst());
            payload += next.payload().length;
        }
        entries -= batch.size();
        bytes -= payload + (long) batch.size() * OutboxEntry.OVERHEAD_BYTES;
        if (queue.isEmpty()) {
            byStream.remove(head.getValue());
        } else {
            heads.put(queue.peekFirst().id(), head.getValue());
        }
        return new DrainBatch(batch, backlog);
    }
}
