package dev.fieldgate.buffer;

import java.util.Objects;
import java.util.function.Function;

/**
 * A message to be stored and then published.
 *
 * @param stream   ordering key (the device id for telemetry); delivery is in append order within a stream
 * @param topic    the MQTT topic, already validated
 * @param qos      0 or 1
 * @param payload  builds the payload bytes from the message id the outbox assigns, so the id travels inside
 *                 the payload and consumers can drop duplicates
 */
public record OutboundMessage(String stream, String topic, int qos, Function<String, byte[]> payload) {

    /** Checks the parts. */
    public OutboundMessage {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos " + qos + " is not 0 or 1");
        }
    }
}
