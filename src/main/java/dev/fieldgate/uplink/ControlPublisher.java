package dev.fieldgate.uplink;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes control traffic (shadow requests, command replies) on the upstream session ahead of the backlog,
 * inside the same rate budget and message size limit. Control messages are not buffered on disk: their
 * owners repeat what still matters after a reconnect (the shadow sync re-reads, the command log resends).
 */
public final class ControlPublisher {

    private final Uplink uplink;
    private final PublishPacer pacer;
    private final long maxMessageBytes;

    /**
     * @param uplink           the upstream session
     * @param pacer            the connection's rate budget, shared with the backlog drain
     * @param maxMessageBytes  the cloud's message size limit
     */
    public ControlPublisher(final Uplink uplink, final PublishPacer pacer, final long maxMessageBytes) {
        this.uplink = Objects.requireNonNull(uplink, "uplink");
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Publishes with QoS 1.
     *
     * @param correlationData MQTT 5 correlation data, or null
     * @return completes on PUBACK; fails at once when not connected or the message is too large
     */
    public CompletableFuture<Void> publish(final String topic, final byte[] payload, final byte[] correlationData) {
        if (payload.length > maxMessageBytes) {
            return CompletableFuture.failedFuture(new PublishRefusedException("message of " + payload.length
                    + " bytes exceeds the limit of " + maxMessageBytes));
        }
        if (!uplink.isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("uplink not connected"));
        }
        pacer.book(payload.length);
        return uplink.publish(topic, payload, 1, correlationData);
    }

    /** @return the upstream session, for subscriptions and state. */
    public Uplink uplink() {
        return uplink;
    }
}
