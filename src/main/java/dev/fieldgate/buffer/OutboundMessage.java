package dev.fieldgate.buffer;

import java.util.Objects;
import java.util.function.Function;

/**
 * A message to be stored and then published.
 *
 * @param stream    ordering key (the device id for telemetry); delivery is in append order within a stream
 * @param topic     the MQTT topic, already validated
 * @param qos       0 or 1
 * @param payload   builds the payload bytes from the message id the outbox assigns, so the id travels inside
 *                  the payload and consumers can drop duplicates
 * @param sizeHint  bytes the message holds until it is committed (its source data, then its payload): what the
 *                  outbox reserves of its intake budget
 */
public record OutboundMessage(String stream, String topic, int qos, Function<String, byte[]> payload, int sizeHint) {

    /** Reserved for a message whose size is not known up front. */
    public static final int DEFAULT_SIZE_HINT = 1024;

    /** Checks the parts. */
    public OutboundMessage {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos " + qos + " is not 0 or 1");
        }
        if (sizeHint < 1) {
            throw new IllegalArgumentException("sizeHint " + sizeHint + " is not positive");
        }
    }

    /** A message with the default size hint. */
    public OutboundMessage(final String stream, final String topic, final int qos,
                           final Function<String, byte[]> payload) {
        this(stream, topic, qos, payload, DEFAULT_SIZE_HINT);
    }
}
