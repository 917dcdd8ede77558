package dev.fieldgate.uplink;

import dev.fieldgate.buffer.OutboxEntry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Consecutive stored messages of one device that go out as one publish.
 *
 * <p>One live message is published as it was stored. Several, or any backlog, are wrapped without parsing
 * them: {@code {"v":1,"backlog":true,"batch":[<message>,<message>]}} ({@code backlog} only for messages
 * stored before the current connection came up). Every inner message keeps its own {@code messageId}, so
 * consumers drop duplicates per message whatever the batch boundaries were.
 *
 * @param entries  at least one, same stream, topic and QoS, ascending id
 * @param backlog  true when the messages were stored before the connection came up
 */
public record DrainBatch(List<OutboxEntry> entries, boolean backlog) {

    private static final byte[] HEAD_LIVE = "{\"v\":1,\"batch\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_BACKLOG = "{\"v\":1,\"backlog\":true,\"batch\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "]}".getBytes(StandardCharsets.US_ASCII);

    /** Checks the parts. */
    public DrainBatch {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
    }

    /** @return the size of the publish wrapping {@code entries} messages of {@code payloadBytes} in total */
    static long wrappedSize(final int entries, final long payloadBytes, final boolean backlog) {
        return (backlog ? HEAD_BACKLOG : HEAD_LIVE).length + payloadBytes + (entries - 1) + TAIL.length;
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
        if (entries.size() == 1 && (!backlog || wrappedSize(1, first().payload().length, true) > maxBytes)) {
            return first().payload();
        }
        long total = 0;
        for (final OutboxEntry e : entries) {
            total += e.payload().length;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream((int) wrappedSize(entries.size(), total, backlog));
        out.writeBytes(backlog ? HEAD_BACKLOG : HEAD_LIVE);
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(entries.get(i).payload());
        }
        out.writeBytes(TAIL);
        return out.toByteArray();
    }
}
