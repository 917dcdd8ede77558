package dev.fieldgate.sparkplug;

import dev.fieldgate.util.Backoff;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT 3.1.1 connection to the plant broker through the Vert.x MQTT client that Quarkus messaging already
 * brings, that connects again with back-off until stopped and subscribes at every connect.
 *
 * <p>Why not the Quarkus smallrye-mqtt connector the plant channels use: its will is fixed in the configuration,
 * but Sparkplug's NDEATH will must carry the bdSeq of the very session it belongs to, a new one at every connect
 * (spec 6.4.19, 7.1). So every connect builds a fresh client from options the owner makes for that connect. Every
 * client call runs on one Vert.x context, so messages leave in the order they were handed in.
 */
final class ReconnectingMqttClient {

    private static final Logger LOG = Logger.getLogger(ReconnectingMqttClient.class);
    /** Messages handed in but not yet given to the client; beyond this a stalled connection drops, not hoards. */
    static final int MAX_QUEUED = 10_000;

    /**
     * Where to connect.
     *
     * @param host     broker host
     * @param port     broker port
     * @param base     client options (client id, keep-alive, credentials, TLS); the owner adds a will per connect
     * @param backoff  reconnect back-off
     */
    record Target(String host, int port, MqttClientOptions base, Backoff backoff) {
    }

    /** The owner's side; every call comes on the client's context. */
    interface Owner {

        /** @return the options of the next connect, made from the base ones (a fresh will, for instance). */
        MqttClientOptions nextConnect(MqttClientOptions base);

        /** Connected and subscribed: the SUBACK came, so nothing sent to the filters can be missed from now. */
        void up();

        /** The connection is gone; the client connects again unless stopped. */
        void down();

        /** A message on a subscribed topic. */
        void message(String topic, byte[] payload);
    }

    /** A message to send before disconnecting on purpose (a clean disconnect suppresses the will). */
    record LastWord(String topic, byte[] payload) {
    }

    private final Vertx vertx;
    private final Context context;
    private final Target target;
    private final List<String> filters;
    private final Owner owner;
    private MqttClient client;
    private final AtomicInteger queued = new AtomicInteger();
    /** QoS 1 publishes of the current client waiting for their PUBACK, by packet id; only touched on the context. */
    private final Map<Integer, CompletableFuture<Void>> awaitingAck = new HashMap<>();
    private volatile boolean up;
    private boolean stopped;
    private int attempt;

    ReconnectingMqttClient(final Vertx vertx, final Target target, final List<String> filters, final Owner owner) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.target = target;
        this.filters = List.copyOf(filters);
        this.owner = owner;
    }

    /** Connects, and again after every loss, until {@link #stop}. */
    void start() {
        context.runOnContext(v -> connect());
    }

    /** @return true while connected and subscribed. */
    boolean isUp() {
        return up;
    }

    /**
     * Hands a message to the connection, in order with every other.
     *
     * @return false when not connected, or when {@link #MAX_QUEUED} messages wait already: the message is dropped
     */
    boolean publish(final String topic, final byte[] payload, final MqttQoS qos, final Runnable droppedLater) {
        if (!up) {
            return false;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            return false;
        }
        context.runOnContext(v -> {
            queued.decrementAndGet();
            if (client == null || !up) {
                droppedLater.run();
                return;
            }
            client.publish(topic, Buffer.buffer(payload), qos, false, false);
        });
        return true;
    }

    /**
     * Hands a QoS 1 message to the connection, in order with every other.
     *
     * @return completes when the broker acknowledged it (PUBACK), exceptionally when there is no connection or the
     *         connection ends first (the message may or may not have arrived then)
     */
    CompletableFuture<Void> publishConfirmed(final String topic, final byte[] payload) {
        final CompletableFuture<Void> acked = new CompletableFuture<>();
        if (!up) {
            acked.completeExceptionally(new IllegalStateException("not connected"));
            return acked;
        }
        context.runOnContext(v -> {
            final MqttClient c = client;
            if (c == null || !up) {
                acked.completeExceptionally(new IllegalStateException("not connected"));
                return;
            }
            // the packet id is known once the client took the message; its PUBACK cannot come before that
            c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                    .onSuccess(packetId -> awaitingAck.put(packetId, acked))
                    .onFailure(acked::completeExceptionally);
        });
        return acked;
    }

    /** Sends the last word (QoS 1), disconnects, and connects again after the back-off. */
    void reconnect(final LastWord last) {
        context.runOnContext(v -> disconnect(Optional.of(last), new CompletableFuture<>()));
    }

    /** @return completes once the last word is sent and the connection closed, or at once without connection. */
    CompletableFuture<Void> stop(final Optional<LastWord> last) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            stopped = true;
            disconnect(last, done);
        });
        return done;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        final MqttClient c = MqttClient.create(vertx, owner.nextConnect(new MqttClientOptions(target.base())));
        client = c;
        c.publishHandler(m -> owner.message(m.topicName(), m.payload().getBytes()));
        c.publishCompletionHandler(packetId -> {
            final CompletableFuture<Void> acked = c == client ? awaitingAck.remove(packetId) : null;
            if (acked != null) {
                acked.complete(null);
            }
        });
        c.closeHandler(v -> closed(c));
        // a message the decoder refuses (too large, malformed) leaves Netty's MQTT decoder discarding every
        // later byte of the connection: drop it and connect afresh instead of staying connected and deaf
        c.exceptionHandler(e -> {
            LOG.warnf("MQTT connection %s to %s:%d: %s; reconnecting", target.base().getClientId(), target.host(),
                    target.port(), e.toString());
            c.disconnect();
        });
        c.subscribeCompletionHandler(suback -> {
            if (c == client) {
                up = true;
                owner.up();
            }
        });
        c.connect(target.port(), target.host()).onSuccess(ack -> {
            if (stopped) {
                // stopped while the connect was under way: nothing may stay connected after stop()
                c.disconnect();
                return;
            }
            attempt = 0;
            LOG.infof("MQTT connection %s to %s:%d up", target.base().getClientId(), target.host(), target.port());
            final Map<String, Integer> qos = new LinkedHashMap<>();
            filters.forEach(f -> qos.put(f, 1));
            c.subscribe(qos).onFailure(e -> c.disconnect());
        }).onFailure(e -> {
            LOG.warnf("MQTT connection %s to %s:%d not established: %s", target.base().getClientId(), target.host(),
                    target.port(), e.getMessage());
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
        up = false;
        // clean session: the next connection will never see these PUBACKs
        awaitingAck.values().forEach(f -> f.completeExceptionally(new IllegalStateException("connection lost")));
        awaitingAck.clear();
        owner.down();
        if (!stopped) {
            LOG.infof("MQTT connection %s to %s:%d lost; connecting again", target.base().getClientId(),
                    target.host(), target.port());
            retry();
        }
    }

    private void retry() {
        final long delayMs = Math.max(1, target.backoff().delayNanos(attempt++) / 1_000_000);
        vertx.setTimer(delayMs, t -> context.runOnContext(v -> connect()));
    }

    private void disconnect(final Optional<LastWord> last, final CompletableFuture<Void> done) {
        final MqttClient c = client;
        if (c == null || !c.isConnected()) {
            done.complete(null);
            return;
        }
        up = false;
        if (last.isEmpty()) {
            c.disconnect().onComplete(d -> done.complete(null));
            return;
        }
        c.publish(last.get().topic(), Buffer.buffer(last.get().payload()), MqttQoS.AT_LEAST_ONCE, false, false)
                .onComplete(r -> c.disconnect().onComplete(d -> done.complete(null)));
    }
}
