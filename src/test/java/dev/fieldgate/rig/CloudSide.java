package dev.fieldgate.rig;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The cloud as the gateway sees it through a real broker: the shadow service double answering the gateway's
 * shadow requests, and cloud operations sending commands and collecting replies. Its own client
 * certificate, MQTT 3.1.1 (the embedded broker's version).
 */
public final class CloudSide implements AutoCloseable {

    private final Mqtt3AsyncClient client;
    private final ShadowCloudDouble shadows;
    private final List<CapturedMessage> replies = new CopyOnWriteArrayList<>();

    /** Connects and subscribes to the shadow request topics and the command reply topics. */
    public CloudSide(final int port, final Path ca, final Path cert, final Path key) throws Exception {
        client = ClientTls.builder("cloud", port, ca, cert, key).useMqttVersion3().buildAsync();
        shadows = new ShadowCloudDouble((topic, payload) -> client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload).send());
        client.publishes(MqttGlobalPublishFilter.ALL, p -> {
            final String topic = p.getTopic().toString();
            if (topic.startsWith("$aws/things/")) {
                shadows.handle(topic, p.getPayloadAsBytes());
            } else {
                replies.add(new CapturedMessage(topic, p.getPayloadAsBytes()));
            }
        });
        client.connectWith().cleanSession(false).send().get(10, TimeUnit.SECONDS);
        for (final String op : new String[] {"get", "update", "delete"}) {
            client.subscribeWith().topicFilter("$aws/things/+/shadow/name/+/" + op).qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS);
        }
        client.subscribeWith().topicFilter("cmd/fieldgate/+/+/res").qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
    }

    /** @return the shadow service double. */
    public ShadowCloudDouble shadows() {
        return shadows;
    }

    /** Sends a command payload to a topic. */
    public void command(final String topic, final String payload) throws Exception {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8))
                .send().get(10, TimeUnit.SECONDS);
    }

    /** @return the command replies received so far. */
    public List<CapturedMessage> replies() {
        return new ArrayList<>(replies);
    }

    /** @return the reply carrying {@code sessionId}, or null. */
    public CapturedMessage reply(final String sessionId) {
        return replies().stream().filter(m -> sessionId.equals(m.json().path("session-id").asText())).findFirst()
                .orElse(null);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().get(5, TimeUnit.SECONDS);
    }
}
