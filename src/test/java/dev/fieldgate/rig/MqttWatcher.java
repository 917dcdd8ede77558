package dev.fieldgate.rig;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A back-office subscriber with its own client certificate and a persistent session, so that it also
 * receives what was published while it was reconnecting after a broker restart.
 */
public final class MqttWatcher implements AutoCloseable {

    private final Mqtt5AsyncClient client;
    private final List<CapturedMessage> received = new CopyOnWriteArrayList<>();

    /** Connects and subscribes to {@code filter} with QoS 1. */
    public MqttWatcher(final int port, final Path ca, final Path cert, final Path key, final String filter)
            throws Exception {
        client = ClientTls.builder("watcher", port, ca, cert, key).useMqttVersion5().buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL,
                p -> received.addAll(CapturedMessage.unpack(p.getTopic().toString(), p.getPayloadAsBytes())));
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
    }

    /**
     * The back office of an interop test: the PKI's {@code backend} certificate, all telemetry ({@code dt/#}).
     */
    public static MqttWatcher backOffice(final dev.fieldgate.demo.DemoPki pki, final int port) throws Exception {
        return new MqttWatcher(port, pki.caFile(), pki.dir().resolve("backend.pem"), pki.dir().resolve("backend.key"),
                "dt/#");
    }

    /** @return everything received so far. */
    public List<CapturedMessage> received() {
        return new ArrayList<>(received);
    }

    /** @return the messages of one device. */
    public List<CapturedMessage> receivedFor(final String device) {
        return received().stream().filter(m -> device.equals(m.device())).toList();
    }

    /** @return true while connected. */
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() throws Exception {
        client.disconnect().get(5, TimeUnit.SECONDS);
    }
}
