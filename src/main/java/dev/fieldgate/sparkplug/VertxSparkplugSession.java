package dev.fieldgate.sparkplug;

import dev.fieldgate.util.Backoff;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The edge node's MQTT 3.1.1 session on the plant broker, through the Vert.x MQTT client that Quarkus messaging
 * already brings.
 *
 * <p>Why not the Quarkus smallrye-mqtt connector the plant channels use: its will is fixed in the configuration,
 * but Sparkplug's NDEATH will must carry the bdSeq of the very session it belongs to, a new one at every connect
 * (spec 6.4.19, 7.1). So each connect builds a fresh client with a fresh will, and the reconnect with back-off is
 * this class's own. Every client call runs on one Vert.x context, so messages leave in the order they were handed
 * in, which keeps seq in order on the wire.
 */
final class VertxSparkplugSession implements SparkplugSession {

    private static final Logger LOG = Logger.getLogger(VertxSparkplugSession.class);

    /**
     * Where and how to connect.
     *
     * @param host        broker host
     * @param port        broker port
     * @param base        client options without will (client id, keep-alive, credentials, TLS)
     * @param backoff     reconnect back-off
     */
    record Target(String host, int port, MqttClientOptions base, Backoff backoff) {
    }

    private final Vertx vertx;
    private final Context context;
    private final Target target;
    private final NodeIds ids;
    private final SparkplugMetrics metrics;
    private final LongSupplier clock;
    private Listener listener;
    private MqttClient client;
    private volatile boolean connected;
    private boolean stopped;
    private long bdSeq = -1;
    private int attempt;

    VertxSparkplugSession(final Vertx vertx, final Target target, final NodeIds ids, final SparkplugMetrics metrics,
                          final LongSupplier clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.target = target;
        this.ids = ids;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Connects, and again after every loss, until {@link #stop()}. */
    void start(final Listener sessionListener) {
        context.runOnContext(v -> {
            listener = sessionListener;
            connect();
        });
    }

    private void connect() {
        if (stopped) {
            return;
        }
        // spec 7.1: bdSeq counts connects 0..255; the will and the NBIRTH of this session carry the same number
        bdSeq = (bdSeq + 1) & 0xFF;
        final long sessionBdSeq = bdSeq;
        final MqttClientOptions options = new MqttClientOptions(target.base()).setCleanSession(true)
                .setWillFlag(true).setWillQoS(1).setWillRetain(false)
                .setWillTopic(SparkplugTopic.node(ids.group(), MessageType.NDEATH, ids.edgeNode()).toString())
                .setWillMessageBytes(Buffer.buffer(NodeMessages.ndeath(sessionBdSeq, clock.getAsLong())));
        final MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.publishHandler(m -> listener.message(m.topicName(), m.payload().getBytes()));
        c.closeHandler(v -> closed(c));
        c.connect(target.port(), target.host()).onSuccess(ack -> {
            attempt = 0;
            LOG.infof("Sparkplug session to %s:%d up (bdSeq %d)", target.host(), target.port(), sessionBdSeq);
            final Map<String, Integer> filters = new LinkedHashMap<>();
            ids.subscriptions().forEach(f -> filters.put(f, 1));
            // births only after the SUBACK: a rebirth request or the host's STATE cannot be missed
            c.subscribeCompletionHandler(suback -> {
                if (c == client) {
                    connected = true;
                    listener.connected(sessionBdSeq);
                }
            });
            c.subscribe(filters).onFailure(e -> c.disconnect());
        }).onFailure(e -> {
            LOG.warnf("Sparkplug session to %s:%d not established: %s", target.host(), target.port(), e.getMessage());
            if (c == client) {
                client = null;
                retry();
            }
        });
    }

    private void closed(final MqttClient c) {
        if (c != client) {
            return;
        }
        client = null;
        connected = false;
        listener.lost();
        if (!stopped) {
            LOG.infof("Sparkplug session to %s:%d lost; connecting again", target.host(), target.port());
            retry();
        }
    }

    private void retry() {
        final long delayMs = Math.max(1, target.backoff().delayNanos(attempt++) / 1_000_000);
        vertx.setTimer(delayMs, t -> context.runOnContext(v -> connect()));
    }

    @Override
    public boolean publish(final String topic, final byte[] payload) {
        if (!connected) {
            return false;
        }
        context.runOnContext(v -> {
            if (client == null || !connected) {
                metrics.publishDropped.increment();
                return;
            }
            client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_MOST_ONCE, false, false);
        });
        return true;
    }

    @Override
    public void restart(final String reason) {
        context.runOnContext(v -> {
            LOG.infof("Sparkplug session ends: %s", reason);
            endSession();
        });
    }

    /**
     * Sends NDEATH and disconnects for good: a clean disconnect suppresses the will, so the death is sent by hand
     * (spec 7.1).
     *
     * @return completes once disconnected (or at once when there was no connection)
     */
    CompletableFuture<Void> stop() {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            stopped = true;
            endSession(done);
        });
        return done;
    }

    private void endSession() {
        endSession(new CompletableFuture<>());
    }

    private void endSession(final CompletableFuture<Void> done) {
        final MqttClient c = client;
        if (c == null || !c.isConnected()) {
            done.complete(null);
            return;
        }
        connected = false;
        c.publish(SparkplugTopic.node(ids.group(), MessageType.NDEATH, ids.edgeNode()).toString(),
                Buffer.buffer(NodeMessages.ndeath(bdSeq, clock.getAsLong())), MqttQoS.AT_LEAST_ONCE, false, false)
                .onComplete(r -> c.disconnect().onComplete(d -> done.complete(null)));
    }
}
