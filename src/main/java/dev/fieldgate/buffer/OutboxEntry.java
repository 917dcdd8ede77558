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

    /** Checks the parts. */
    public OutboxEntry {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
