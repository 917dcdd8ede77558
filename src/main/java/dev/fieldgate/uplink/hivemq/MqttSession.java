package dev.fieldgate.uplink.hivemq;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The protocol-version specific part of the HiveMQ client: connect, publish, disconnect. */
interface MqttSession {

    /** @return the client, for settings the builder does not offer (ALPN) */
    com.hivemq.client.mqtt.MqttClient client();

    /** Starts connecting; the client reconnects by itself after failures. */
    CompletableFuture<?> connect();

    /** Publishes; see {@link dev.fieldgate.uplink.Uplink#publish}. Correlation data may be null. */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, byte[] correlationData);

    /** Subscribes with QoS 1; fails when the broker refuses any of the filters. */
    CompletableFuture<Void> subscribe(List<String> topicFilters);

    /** @return true while connected. */
    boolean isConnected();

    /** Disconnects cleanly (no automatic reconnect afterwards). */
    CompletableFuture<Void> disconnect();
}
