package dev.fieldgate.uplink.hivemq;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * MQTT 3.1.1: a persistent session (clean session off) when a session expiry is configured. 3.1.1 has no
 * negative PUBACK; a broker that refuses a publish closes the connection instead (AWS IoT Core does).
 */
final class Mqtt3Session implements MqttSession {

    private final Mqtt3AsyncClient client;
    private final Duration keepAlive;
    private final boolean persistent;

    Mqtt3Session(final MqttClientBuilder builder, final Duration keepAlive, final Duration sessionExpiry) {
        this.client = builder.useMqttVersion3().buildAsync();
        this.keepAlive = keepAlive;
        this.persistent = !sessionExpiry.isZero();
    }

    @Override
    public CompletableFuture<?> connect() {
        return client.connectWith().cleanSession(!persistent).keepAlive((int) keepAlive.toSeconds()).send();
    }

    @Override
    public CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos) {
        return client.publishWith()
                .topic(topic)
                .qos(qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .thenApply(p -> null);
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }
}
