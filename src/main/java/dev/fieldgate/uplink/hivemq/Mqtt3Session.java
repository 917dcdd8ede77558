package dev.fieldgate.uplink.hivemq;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3SubscribeBuilder;
import dev.fieldgate.uplink.InboundMessage;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;

/**
 * MQTT 3.1.1: a persistent session (clean session off) when a session expiry is configured. 3.1.1 has no
 * negative PUBACK; a broker that refuses a publish closes the connection instead (AWS IoT Core does).
 */
final class Mqtt3Session implements MqttSession {

    private final Mqtt3AsyncClient client;
    private final Duration keepAlive;
    private final boolean persistent;

    Mqtt3Session(final MqttClientBuilder builder, final Duration keepAlive, final Duration sessionExpiry,
                 final SimpleAuth auth, final Consumer<InboundMessage> inbound) {
        final com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder b = builder.useMqttVersion3();
        if (auth != null) {
            b.simpleAuth().username(auth.username()).password(auth.password()).applySimpleAuth();
        }
        this.client = b.buildAsync();
        // registered before connecting: a resumed session may deliver at once
        client.publishes(MqttGlobalPublishFilter.ALL, p -> inbound.accept(new InboundMessage(p.getTopic().toString(),
                p.getPayloadAsBytes(), null, null, -1, p::acknowledge)), true);
        this.keepAlive = keepAlive;
        this.persistent = !sessionExpiry.isZero();
    }

    @Override
    public com.hivemq.client.mqtt.MqttClient client() {
        return client;
    }

    @Override
    public CompletableFuture<?> connect() {
        return client.connectWith().cleanSession(!persistent).keepAlive((int) keepAlive.toSeconds()).send();
    }

    @Override
    public CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos,
                                           final byte[] correlationData) {
        return client.publishWith()
                .topic(topic)
                .qos(qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .thenApply(p -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(final List<String> topicFilters) {
        final var builder = Mqtt3Subscribe.builder();
        Mqtt3SubscribeBuilder.Complete complete = null;
        for (final String f : topicFilters) {
            complete = (complete == null ? builder : complete).addSubscription().topicFilter(f)
                    .qos(MqttQos.AT_LEAST_ONCE).applySubscription();
        }
        return client.subscribe(complete.build()).thenAccept(ack -> {
            for (int i = 0; i < ack.getReturnCodes().size(); i++) {
                if (ack.getReturnCodes().get(i).isError()) {
                    throw new IllegalStateException("broker refused the subscription to " + topicFilters.get(i));
                }
            }
        });
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
