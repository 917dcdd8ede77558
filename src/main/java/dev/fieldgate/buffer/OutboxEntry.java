package dev.fieldgate.buffer;

import java.util.Objects;

/**
 * A stored message.
 *
 * @param id         delivery-order id, never reused
 * @param messageId  the stable id carried in the payload ({@code <epoch>-<id>})
 * @param stream     ordering key
 * @param topic      MQTT topic
 * @param qos        0 or 1
 * @param createdAt  epoch ms when accepted
 * @param payload    the bytes to publish
 */
public record OutboxEntry(long id, String messageId, String stream, String topic, int qos, long createdAt,
                          byte[] payload) {

    /**
     * Heap an entry read from the store takes besides its payload: the record, its id, stream and topic
     * strings as read, the array header.
     */
    public static final int OVERHEAD_BYTES = 256;

    /** @return heap bytes this entry holds: payload plus {@link #OVERHEAD_BYTES} */
    public long size() {
        return payload.length + (long) OVERHEAD_BYTES;
    }

    /** Checks the parts. */
    public OutboxEntry {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
