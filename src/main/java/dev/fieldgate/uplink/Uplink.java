package dev.fieldgate.uplink;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The single upstream MQTT session. It only moves messages; persistence and retries belong to the buffer.
 * Thread-safe.
 */
public interface Uplink {

    /**
     * Publishes one message.
     *
     * @return completes when the broker acknowledged it (PUBACK for QoS 1), or exceptionally with
     *         {@link PublishRefusedException} when the broker refused it for good, or another exception when
     *         the session failed before the acknowledgement
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos);

    /**
     * Publishes one message as an answer: with MQTT 5 the correlation data goes in the property of that name;
     * with 3.1.1 it is dropped (the payload carries the request id).
     */
    default CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos,
                                            final byte[] correlationData) {
        return publish(topic, payload, qos);
    }

    /**
     * Subscribes (QoS 1) for the lifetime of the uplink: the subscription is made on every connect, so it
     * survives lost sessions. Messages on topics matching {@code topicFilter} go to {@code handler} on a
     * client thread; it must return quickly and acknowledge each message.
     */
    void subscribe(String topicFilter, Consumer<InboundMessage> handler);

    /** @return true while connected (CONNACK received, not yet disconnected). */
    boolean isConnected();

    /** @return a snapshot of the connection state for health and status. */
    UplinkStatus status();

    /**
     * Drops the session's connection and connects again, for when acknowledgements stopped arriving on a
     * connection that still looks alive (AWS IoT Core may ignore publishes over its quota without a word).
     * Unacknowledged messages are resent by the persistent session or fail.
     */
    void reconnect();

    /** Registers a callback run on every connect and disconnect; it must be quick. */
    void onStateChange(Runnable listener);
}
