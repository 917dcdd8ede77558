package dev.fieldgate.uplink.hivemq;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.fieldgate.uplink.PublishRefusedException;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;
import dev.fieldgate.uplink.InboundMessage;
import dev.fieldgate.util.Futures;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** MQTT 5: clean start off with a session expiry, and PUBACK reason codes honoured. */
final class Mqtt5Session implements MqttSession {

    /** PUBACK reasons that the same message will get again however often it is sent. */
    private final Mqtt5AsyncClient client;
    private final Duration keepAlive;
    private final Duration sessionExpiry;

    Mqtt5Session(final MqttClientBuilder builder, final Duration keepAlive, final Duration sessionExpiry,
                 final SimpleAuth auth, final Consumer<InboundMessage> inbound) {
        final com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder b = builder.useMqttVersion5();
        if (auth != null) {
            b.simpleAuth().username(auth.username()).password(auth.password()).applySimpleAuth();
        }
        this.client = b.buildAsync();
        // registered before connecting: a resumed session may deliver at once
        client.publishes(MqttGlobalPublishFilter.ALL, p -> inbound.accept(new InboundMessage(p.getTopic().toString(),
                p.getPayloadAsBytes(), p.getResponseTopic().map(Object::toString).orElse(null),
                p.getCorrelationData().map(Mqtt5Session::bytes).orElse(null),
                p.getMessageExpiryInterval().orElse(-1), p::acknowledge)), true);
        this.keepAlive = keepAlive;
        this.sessionExpiry = sessionExpiry;
    }

    @Override
    public com.hivemq.client.mqtt.MqttClient client() {
        return client;
    }

    @Override
    public CompletableFuture<?> connect() {
        return client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(sessionExpiry.toSeconds())
                .keepAlive((int) keepAlive.toSeconds())
                .send();
    }

    @Override
    public CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos,
                                           final byte[] correlationData) {
        return client.publishWith()
                .topic(topic)
                .qos(qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .contentType("application/json")
                .correlationData(correlationData)
                .send()
                .handle((result, error) -> {
                    if (error != null) {
                        throw asFailure(error);
                    }
                    checkPubAck(result);
                    return null;
                });
    }

    private static void checkPubAck(final Mqtt5PublishResult result) {
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result) {
            final Mqtt5PubAck ack = ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck();
            if (ack.getReasonCode().isError()) {
                throw refusal(ack);
            }
        }
        result.getError().ifPresent(e -> {
            throw asFailure(e);
        });
    }

    private static RuntimeException asFailure(final Throwable error) {
        final Throwable cause = Futures.cause(error);
        if (cause instanceof Mqtt5PubAckException) {
            return refusal(((Mqtt5PubAckException) cause).getMqttMessage());
        }
        return cause instanceof RuntimeException ? (RuntimeException) cause : new CompletionException(cause);
    }

    private static RuntimeException refusal(final Mqtt5PubAck ack) {
        final String reason = ack.getReasonCode() + ack.getReasonString().map(s -> " (" + s + ")").orElse("");
        if (isPermanent(ack.getReasonCode())) {
            return new PublishRefusedException("broker refused the publish: " + reason);
        }
        if (ack.getReasonCode() == Mqtt5PubAckReasonCode.QUOTA_EXCEEDED) {
            return new dev.fieldgate.uplink.QuotaExceededException("broker refused the publish over its quota: " + reason);
        }
        return new IllegalStateException("broker did not accept the publish this time: " + reason);
    }

    // a method, not a static set: the HiveMQ client is initialised when the native executable starts, so no
    // class initialised while the image is built may hold its objects
    private static boolean isPermanent(final Mqtt5PubAckReasonCode code) {
        return code == Mqtt5PubAckReasonCode.NOT_AUTHORIZED || code == Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID
                || code == Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID;
    }

    @Override
    public CompletableFuture<Void> subscribe(final List<String> topicFilters) {
        final var builder = Mqtt5Subscribe.builder();
        Mqtt5SubscribeBuilder.Complete complete = null;
        for (final String f : topicFilters) {
            complete = (complete == null ? builder : complete).addSubscription().topicFilter(f)
                    .qos(MqttQos.AT_LEAST_ONCE).applySubscription();
        }
        return client.subscribe(complete.build()).handle((ack, error) -> {
            if (error != null) {
                throw asFailure(error);
            }
            for (int i = 0; i < ack.getReasonCodes().size(); i++) {
                if (ack.getReasonCodes().get(i).isError()) {
                    throw new IllegalStateException("broker refused the subscription to " + topicFilters.get(i)
                            + ": " + ack.getReasonCodes().get(i));
                }
            }
            return null;
        });
    }

    private static byte[] bytes(final java.nio.ByteBuffer b) {
        final byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
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
