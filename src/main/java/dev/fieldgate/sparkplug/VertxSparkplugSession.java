package dev.fieldgate.sparkplug;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClientOptions;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The edge node's session: each connect carries a fresh NDEATH will with the next bdSeq (spec 7.1: bdSeq counts
 * connects 0..255 and goes on across restarts, and the will and the NBIRTH of one session carry the same number);
 * an intentional end sends NDEATH by hand first, because a clean disconnect suppresses the will.
 */
final class VertxSparkplugSession implements SparkplugSession, ReconnectingMqttClient.Owner {

    private static final Logger LOG = Logger.getLogger(VertxSparkplugSession.class);

    private final ReconnectingMqttClient client;
    private final NodeIds ids;
    private final SparkplugMetrics metrics;
    private final LongSupplier clock;
    private final BdSeqStore bdSeqStore;
    private volatile Listener listener;
    private volatile long bdSeq;

    VertxSparkplugSession(final Vertx vertx, final ReconnectingMqttClient.Target target, final NodeIds ids,
                          final SparkplugMetrics metrics, final BdSeqStore bdSeqStore, final LongSupplier clock) {
        this.client = new ReconnectingMqttClient(vertx, target, ids.subscriptions(), this);
        this.ids = ids;
        this.metrics = metrics;
        this.bdSeqStore = bdSeqStore;
        this.bdSeq = bdSeqStore.last();
        this.clock = clock;
    }

    /** Connects, and again after every loss, until {@link #stop()}. */
    void start(final Listener sessionListener) {
        listener = sessionListener;
        client.start();
    }

    @Override
    public MqttClientOptions nextConnect(final MqttClientOptions base) {
        bdSeq = (bdSeq + 1) & 0xFF;
        bdSeqStore.used(bdSeq);
        return base.setCleanSession(true).setWillFlag(true).setWillQoS(1).setWillRetain(false)
                .setWillTopic(ndeathTopic())
                .setWillMessageBytes(Buffer.buffer(NodeMessages.ndeath(bdSeq, clock.getAsLong())));
    }

    @Override
    public void up() {
        listener.connected(bdSeq);
    }

    @Override
    public void down() {
        listener.lost();
    }

    @Override
    public void message(final String topic, final byte[] payload) {
        listener.message(topic, payload);
    }

    @Override
    public boolean publish(final String topic, final byte[] payload) {
        return client.publish(topic, payload, MqttQoS.AT_MOST_ONCE, metrics.publishDropped::increment);
    }

    @Override
    public CompletableFuture<Void> publishConfirmed(final String topic, final byte[] payload) {
        return client.publishConfirmed(topic, payload);
    }

    @Override
    public void restart(final String reason) {
        LOG.infof("Sparkplug session ends: %s", reason);
        client.reconnect(ndeath());
    }

    /** @return completes once NDEATH is sent and the connection closed. */
    CompletableFuture<Void> stop() {
        return client.stop(Optional.of(ndeath()));
    }

    private ReconnectingMqttClient.LastWord ndeath() {
        return new ReconnectingMqttClient.LastWord(ndeathTopic(), NodeMessages.ndeath(bdSeq, clock.getAsLong()));
    }

    private String ndeathTopic() {
        return SparkplugTopic.node(ids.group(), MessageType.NDEATH, ids.edgeNode()).toString();
    }
}
