package dev.fieldgate.field.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import java.util.concurrent.CompletionStage;

/**
 * The two Quarkus messaging channels to the plant broker: {@code plant-in} (messages of MQTT-speaking field
 * devices, routed to their adapters) and {@code plant-out} (the mirror). Both channels are disabled unless
 * configured; the connector reconnects by itself when the plant broker goes away and comes back.
 */
@ApplicationScoped
public class PlantMqttChannels {

    private final PlantMqttRouter router = new PlantMqttRouter();
    // a processor rather than an Emitter: an Emitter cannot be wired to a disabled channel
    private final BroadcastProcessor<Message<byte[]>> out = BroadcastProcessor.create();
    private final Counter received;
    private final Counter unrouted;
    private final Counter mirrorDropped;

    PlantMqttChannels(final MeterRegistry registry) {
        this.received = Counter.builder("fieldgate.plant.mqtt.received").description("messages from the plant broker")
                .register(registry);
        this.unrouted = Counter.builder("fieldgate.plant.mqtt.unrouted")
                .description("plant broker messages no mqtt adapter listens for").register(registry);
        this.mirrorDropped = Counter.builder("fieldgate.plant.mirror.dropped")
                .description("mirror messages dropped while the plant broker was away or slow").register(registry);
    }

    /** @return the router that the mqtt adapters register with. */
    public PlantMqttRouter router() {
        return router;
    }

    /** Routes one message of the plant broker; always acknowledged (a bad message is not redelivered). */
    @Incoming("plant-in")
    public CompletionStage<Void> receive(final Message<byte[]> message) {
        received.increment();
        final String topic = message.getMetadata(ReceivingMqttMessageMetadata.class)
                .map(ReceivingMqttMessageMetadata::getTopic).orElse(null);
        if (topic == null || router.dispatch(topic, message.getPayload()) == 0) {
            unrouted.increment();
        }
        return message.ack();
    }

    /** The mirror's stream for the {@code plant-out} channel; what the connector cannot take is dropped. */
    @Outgoing("plant-out")
    public Multi<Message<byte[]>> mirrorStream() {
        // live values, no backlog: while the broker is away or slow, messages are dropped and counted
        return out.onOverflow().invoke(m -> mirrorDropped.increment()).drop();
    }

    /** Publishes a mirror message (QoS 0, retained: the latest value of each point is there for newcomers). */
    public void mirror(final String topic, final byte[] payload) {
        out.onNext(MqttMessage.of(topic, payload, MqttQoS.AT_MOST_ONCE, true));
    }
}
