package dev.fieldgate.uplink;

import java.util.Objects;

/**
 * A message the broker delivered on one of the gateway's subscriptions.
 *
 * <p>It is acknowledged to the broker only when {@link #acknowledge()} is called: a handler calls it once it
 * has recorded what it must not lose, so that a crash before that makes the broker deliver the message again.
 *
 * @param topic            the topic it was published to
 * @param payload          its bytes
 * @param responseTopic    MQTT 5 Response Topic property, or null
 * @param correlationData  MQTT 5 Correlation Data property, or null
 * @param expirySeconds    MQTT 5 Message Expiry Interval left, or -1 when none
 * @param acknowledgement  sends the PUBACK; safe to run more than once
 */
public record InboundMessage(String topic, byte[] payload, String responseTopic, byte[] correlationData,
                             long expirySeconds, Runnable acknowledgement) {

    /** Checks the required parts. */
    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
    }

    /** Acknowledges the message to the broker. */
    public void acknowledge() {
        acknowledgement.run();
    }
}
