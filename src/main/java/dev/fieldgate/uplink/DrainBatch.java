package dev.fieldgate.uplink;

import dev.fieldgate.buffer.OutboxEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive stored messages of one device that go out as one publish.
 *
 * <p>One live message is published as it was stored. Several, or any backlog, are joined without parsing
 * them, as their {@link PayloadFormat} says: JSON as {@code {"v":1,"backlog":true,"batch":[<message>,<message>]}}
 * ({@code backlog} only for messages stored before the current connection came up), the compact encoding as
 * the stored messages one after the other. Every inner message keeps its own {@code messageId}, so consumers
 * drop duplicates per message whatever the batch boundaries were.
 *
 * @param entries  at least one, same stream, topic, QoS and payload format, ascending id
 * @param backlog  true when the messages were stored before the connection came up
 */
public record DrainBatch(List<OutboxEntry> entries, boolean backlog) {

    /** Checks the parts. */
    public DrainBatch {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
    }

    /** @return the encoding of every entry */
    PayloadFormat format() {
        return PayloadFormat.of(first().payload());
    }

    /** @return the first entry: the batch's place in the delivery order */
    public OutboxEntry first() {
        return entries.get(0);
    }

    /** @return the topic of every entry */
    public String topic() {
        return first().topic();
    }

    /** @return the QoS of every entry */
    public int qos() {
        return first().qos();
    }

    /**
     * @param maxBytes the message size limit: a single backlog message that would only exceed it by its
     *                 wrapping goes out unwrapped
     * @return the bytes to publish
     */
    public byte[] payload(final long maxBytes) {
        final PayloadFormat format = format();
        if (entries.size() == 1 && (!backlog || format.wrappedSize(1, first().payload().length, true) > maxBytes)) {
            return first().payload();
        }
        final List<byte[]> payloads = new ArrayList<>(entries.size());
        entries.forEach(e -> payloads.add(e.payload()));
        return format.join(payloads, backlog);
    }
}
