package dev.fieldgate.rig;

import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import dev.fieldgate.uplink.InboundMessage;
import dev.fieldgate.uplink.Uplink;
import dev.fieldgate.uplink.UplinkStatus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An uplink without a network: publishes go to a cloud-side handler, whose messages come back to the
 * subscriptions; both on one thread, in order, as a broker would keep them. It can be switched off and on.
 */
public final class LoopbackUplink implements Uplink, AutoCloseable {

    private final ExecutorService wire = Executors.newSingleThreadExecutor();
    private final Map<MqttTopicFilter, Consumer<InboundMessage>> subscriptions = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<String, byte[]> cloud = (t, p) -> { };
    private volatile boolean connected;

    /** Sets where publishes go. */
    public void cloud(final BiConsumer<String, byte[]> handler) {
        this.cloud = handler;
    }

    /** Connects or disconnects, telling the listeners. */
    public void connected(final boolean on) {
        connected = on;
        listeners.forEach(Runnable::run);
    }

    /** Delivers a message from the cloud side to the matching subscription. */
    public void deliver(final String topic, final byte[] payload) {
        wire.execute(() -> {
            if (!connected) {
                return;
            }
            subscriptions.forEach((f, h) -> {
                if (f.matches(MqttTopic.of(topic))) {
                    h.accept(new InboundMessage(topic, payload, null, null, -1, () -> { }));
                }
            });
        });
    }

    @Override
    public CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos) {
        if (!connected) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        return CompletableFuture.runAsync(() -> cloud.accept(topic, payload), wire);
    }

    @Override
    public void subscribe(final String topicFilter, final Consumer<InboundMessage> handler) {
        subscriptions.put(MqttTopicFilter.of(topicFilter), handler);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public UplinkStatus status() {
        return new UplinkStatus(connected, "loopback", 0, null, true);
    }

    @Override
    public void reconnect() {
        connected(false);
        connected(true);
    }

    @Override
    public void onStateChange(final Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        wire.shutdownNow();
    }
}
