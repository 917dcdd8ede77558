package dev.fieldgate.buffer;

import java.util.Objects;

/**
 * A message the broker refused for good, as kept for the operator. The payload stays in the store.
 *
 * @param messageId  the id carried in its payload
 * @param stream     ordering key, the device id for telemetry
 * @param topic      the topic it was refused on
 * @param createdAt  epoch ms when it was accepted
 * @param refusedAt  epoch ms when the broker refused it
 * @param reason     the broker's reason
 * @param bytes      payload size
 */
public record RefusedMessage(String messageId, String stream, String topic, long createdAt, long refusedAt,
                             String reason, int bytes) {

    /** Checks the parts. */
    public RefusedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
    }
}
