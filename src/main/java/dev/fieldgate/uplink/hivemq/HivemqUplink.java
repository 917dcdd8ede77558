package dev.fieldgate.uplink.hivemq;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.network.HivemqTransport;
import dev.fieldgate.network.ProxyRoute;
import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.network.alpn.HivemqAlpn;
import dev.fieldgate.uplink.Endpoint;
import dev.fieldgate.uplink.EndpointFailover;
import dev.fieldgate.uplink.InboundMessage;
import dev.fieldgate.uplink.ReconnectPolicy;
import dev.fieldgate.uplink.Uplink;
import dev.fieldgate.uplink.UplinkStatus;
import dev.fieldgate.util.Backoff;
import dev.fieldgate.util.TlsMaterialException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The upstream session through the HiveMQ MQTT client: mutual TLS with hostname verification and SNI,
 * a persistent session, reconnect with exponential backoff and jitter that resends unacknowledged messages
 * in order even when the broker lost the session.
 *
 * <p>Unusable TLS files do not stop the gateway: the error is reported (status, health), polling and
 * buffering go on, and the files are read again every {@link #TLS_RETRY_SECONDS} seconds. Files replaced
 * while the gateway runs (a renewed certificate, a rotated Kubernetes Secret) are used from the next
 * reconnect on: the connection in use is not dropped for them.
 */
public final class HivemqUplink implements Uplink, AutoCloseable {

    static final long TLS_RETRY_SECONDS = 30;
    /** TCP, proxy, TLS and WebSocket handshakes and the CONNACK each get this long. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Inbound payload bytes held while the handlers are not subscribed yet (start-up). */
    private static final long INBOUND_HELD_BYTES = 1L << 20;
    private static final Logger LOG = Logger.getLogger(HivemqUplink.class);

    private final String clientId;
    private final UplinkConfig config;
    private volatile java.nio.file.Path certFile;
    private volatile java.nio.file.Path keyFile;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "uplink-tls-retry");
        t.setDaemon(true);
        return t;
    });
    private final Backoff backoff;
    private final ReconnectPolicy reconnect;
    private final UplinkConfig.Transport transport;
    private final EndpointFailover failover;
    private final ProxyRules proxies;
    private final ConnectAuth auth;
    private final Duration probePrimary;
    /** Each client built gets the next number; callbacks of a replaced client are ignored. */
    private final AtomicLong generation = new AtomicLong();
    private volatile JustInTimeRegistration registration = new JustInTimeRegistration(null);
    /** The next probe of the primary while on a backup, or null. */
    private java.util.concurrent.ScheduledFuture<?> probe;
    /** Whether the SigV4 credentials are kept fresh in the background. */
    private final java.util.concurrent.atomic.AtomicBoolean signingKeptFresh = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile MqttClientSslConfig ssl;
    /** When the connection was lost (or first attempted); I/O thread of the client only. */
    private long downSinceNanos = System.nanoTime();
    private volatile MqttSession session;
    private volatile UplinkStatus status;
    private volatile String configurationError;
    private volatile boolean closed;
    private final InboundRouter inbound = new InboundRouter(INBOUND_HELD_BYTES);
    /**
     * Publishes not answered yet. A client replaced for new TLS files would leave them unanswered for good
     * (its queue goes with it), so they are failed instead and their senders send them again.
     */
    private final java.util.Set<CompletableFuture<Void>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Size and modification time of the TLS files the current client was built with. */
    private volatile String tlsFiles;
    /** Publishes refused and disconnects for a quota: the pacing exists so that this stays 0. */
    private final java.util.concurrent.atomic.AtomicLong throttled = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param clientId  MQTT client id, the gateway's thing name
     * @param config    endpoint, TLS files and session settings
     */
    public HivemqUplink(final String clientId, final UplinkConfig config) {
        this(clientId, config, ProxyRules.DIRECT, null);
    }

    /**
     * @param clientId   MQTT client id, the gateway's thing name
     * @param config     endpoints, transport, TLS files and session settings
     * @param proxies    the plant's outbound proxy
     * @param sigV4Query host → presigned query string of the WebSocket URL, for the wss-sigv4 transport; else null
     * @throws IllegalArgumentException naming the setting when the transport lacks something it needs
     */
    public HivemqUplink(final String clientId, final UplinkConfig config, final ProxyRules proxies,
                        final Function<String, String> sigV4Query) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.config = Objects.requireNonNull(config, "config");
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.transport = config.transport();
        this.auth = ConnectAuth.of(config, sigV4Query);
        if (transport.clientCertificate && (config.tls().cert().isEmpty() || config.tls().key().isEmpty())) {
            throw new IllegalArgumentException("fieldgate.uplink.transport=" + ConnectAuth.name(transport)
                    + " authenticates with the client certificate: set fieldgate.uplink.tls.cert and tls.key");
        }
        this.certFile = config.tls().cert().orElse(null);
        this.keyFile = config.tls().key().orElse(null);
        this.failover = EndpointFailover.from(config);
        this.probePrimary = config.failover().probePrimary();
        if (probePrimary.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("fieldgate.uplink.failover.probe-primary must be 1s or more, not "
                    + probePrimary);
        }
        this.backoff = new Backoff(config.reconnectInitial(), config.reconnectMax());
        this.reconnect = ReconnectPolicy.from(config);
        this.status = status(false, null, false);
    }

    /**
     * Keeps the fingerprints of certificates the broker accepted in {@code file}, so that a just-in-time
     * registration is recognised after a restart too. Call before {@link #start()}.
     */
    public void rememberCertificatesIn(final java.nio.file.Path file) {
        this.registration = new JustInTimeRegistration(file);
    }

    /**
     * Uses another client certificate and key than the configured ones: the identity fleet provisioning
     * made. Call before {@link #start()}.
     */
    public void useIdentity(final java.nio.file.Path cert, final java.nio.file.Path key) {
        this.certFile = Objects.requireNonNull(cert, "cert");
        this.keyFile = Objects.requireNonNull(key, "key");
    }

    /** @return the client certificate file in use. */
    public java.nio.file.Path certificateFile() {
        return certFile;
    }

    /** @return the client key file in use. */
    public java.nio.file.Path keyFile() {
        return keyFile;
    }

    /**
     * Switches to another certificate and key while running (a certificate rotation): the current client
     * disconnects, a new one is built with the new files and connects. Publishes the old client left unanswered
     * fail, and their senders send them again, as after {@link #replaceClient()}.
     *
     * @param window how long the broker has to answer the new connection with a CONNACK
     * @return true once the new client is connected within the window; false when not (refused, unreachable,
     *         unusable files), and the new client goes on trying until it is switched again
     */
    public CompletableFuture<Boolean> switchIdentity(final java.nio.file.Path cert, final java.nio.file.Path key,
                                                     final java.time.Duration window) {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        final long deadline = System.nanoTime() + window.toNanos();
        retry.execute(() -> {
            final MqttSession old = session;
            final List<CompletableFuture<Void>> orphans = List.copyOf(pending);
            useIdentity(cert, key);
            if (old != null) {
                try {
                    // a client waiting to reconnect stays scheduled (HiveMQ 1.4); start() below makes it stale, and a
                    // stale client's next failure cancels its reconnecting (see the listeners in start())
                    old.disconnect().get(Math.max(1, window.toMillis()), TimeUnit.MILLISECONDS);
                } catch (final Exception e) {
                    LOG.debugf("disconnect before switching identity: %s", e.getMessage());
                }
            }
            LOG.infof("Uplink to %s: switching to the client certificate %s", endpoint(), cert);
            start();
            final IllegalStateException replaced = new IllegalStateException(
                    "the MQTT client was replaced for another certificate; not acknowledged on the old one");
            orphans.forEach(f -> f.completeExceptionally(replaced));
            final MqttSession fresh = session;
            awaitConnack(fresh == old ? null : fresh, deadline, result);
        });
        return result;
    }

    /** Completes {@code result} with true once {@code fresh} is connected, with false at the deadline. */
    private void awaitConnack(final MqttSession fresh, final long deadline, final CompletableFuture<Boolean> result) {
        if (fresh != null && fresh == session && fresh.isConnected()) {
            result.complete(true);
        } else if (closed || System.nanoTime() - deadline >= 0) {
            result.complete(false);
        } else {
            retry.schedule(() -> awaitConnack(fresh, deadline, result), 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Loads the TLS material and starts connecting; returns at once. */
    public synchronized void start() {
        if (closed) {
            return;
        }
        tlsFiles = ClientTls.filesState(certFile, keyFile, config.tls().ca());
        final ClientTls tls;
        try {
            tls = ClientTls.load(config.tls(), transport, certFile, keyFile, CONNECT_TIMEOUT);
            ssl = tls.ssl();
        } catch (final TlsMaterialException e) {
            configurationError = e.getMessage();
            changeState(false, e.getMessage(), false);
            LOG.errorf("Uplink cannot start: %s. Readings are buffered; retrying in %d s.", e.getMessage(),
                    TLS_RETRY_SECONDS);
            retry.schedule(this::start, TLS_RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        configurationError = null;
        registration.presenting(transport.clientCertificate ? KnownCertificates.fingerprint(certFile) : null);
        final long built = generation.incrementAndGet();
        final MqttSession[] self = new MqttSession[1];
        final HivemqTransport route;
        try {
            route = transportTo(failover.current());
        } catch (final RuntimeException e) {
            // no AWS credentials yet (a credential process that fails, a file not mounted yet): as unusable TLS files
            configurationError = e.getMessage();
            changeState(false, e.getMessage(), false);
            LOG.errorf("Uplink cannot sign its WebSocket URL: %s. Readings are buffered; retrying in %d s.",
                    e.getMessage(), TLS_RETRY_SECONDS);
            retry.schedule(this::start, TLS_RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        final MqttClientBuilder builder = MqttClient.builder()
                .identifier(clientId)
                .transportConfig(route.build())
                .addConnectedListener(ctx -> {
                    if (generation.get() == built) {
                        onConnected(ctx);
                    } else if (self[0] != null) {
                        self[0].disconnect(); // a replaced client that got through after all
                    }
                })
                .addDisconnectedListener(ctx -> {
                    if (generation.get() == built) {
                        onDisconnected(ctx);
                    } else {
                        // a replaced client may still be waiting to reconnect (a disconnect does not cancel that):
                        // its next failure ends it, so that two clients never take turns under one client id
                        ctx.getReconnector().reconnect(false);
                    }
                });
        final MqttSession created = config.mqttVersion() == UplinkConfig.MqttVersion.V5
                ? new Mqtt5Session(builder, config.keepAlive(), config.sessionExpiry(), auth.simpleAuth(), inbound::receive)
                : new Mqtt3Session(builder, config.keepAlive(), config.sessionExpiry(), auth.simpleAuth(), inbound::receive);
        self[0] = created;
        if (tls.alpn() != null) {
            HivemqAlpn.install(created.client(), tls.alpn());
        }
        session = created;
        if (transport == UplinkConfig.Transport.WSS_SIGV4 && signingKeptFresh.compareAndSet(false, true)) {
            // signing renews the credentials when they near their end (a credential process may take seconds):
            // done here, so that a reconnect on the client's event thread finds a fresh signed URL (SigV4Queries)
            retry.scheduleWithFixedDelay(() -> {
                try {
                    auth.webSocketQuery(failover.current().host());
                } catch (final RuntimeException e) {
                    LOG.warnf("Uplink: cannot sign the WebSocket URL: %s", e.getMessage());
                }
            }, 30, 30, TimeUnit.SECONDS);
        }
        LOG.infof("Uplink connecting to %s as %s (MQTT %s, %s)", route(), clientId,
                config.mqttVersion() == UplinkConfig.MqttVersion.V5 ? "5" : "3.1.1", describeTransport());
        created.connect();
    }

    @Override
    public CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos) {
        final MqttSession s = session;
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("uplink not started: "
                    + (configurationError == null ? "starting" : configurationError)));
        }
        return track(s.publish(topic, payload, qos, null));
    }

    /** Counts quota refusals, and keeps the publish among the pending ones until it is answered. */
    private CompletableFuture<Void> track(final CompletableFuture<Void> publish) {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((ok, error) -> pending.remove(result));
        publish.whenComplete((ok, error) -> {
            if (error == null) {
                result.complete(null);
                return;
            }
            if (dev.fieldgate.util.Futures.cause(error) instanceof dev.fieldgate.uplink.QuotaExceededException) {
                throttled.incrementAndGet();
                LOG.warnf("Uplink to %s: the broker refused a publish over its quota (counted in "
                        + "fieldgate_uplink_throttled); it is sent again", endpoint());
            }
            result.completeExceptionally(error);
        });
        return result;
    }

    /** @return publishes refused and disconnects by the broker for a quota since start */
    public long throttled() {
        return throttled.get();
    }

    @Override
    public CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos,
                                           final byte[] correlationData) {
        final MqttSession s = session;
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("uplink not started"));
        }
        return track(s.publish(topic, payload, qos, correlationData));
    }

    @Override
    public void subscribe(final String topicFilter, final Consumer<InboundMessage> handler) {
        inbound.add(topicFilter, handler, session);
    }

    /**
     * Lets inbound messages reach their handlers: call once every handler has subscribed. What arrived before
     * (a persistent session's queued commands, right after an early connect) is dispatched now, in order.
     */
    public void openInbound() {
        inbound.open();
    }

    @Override
    public boolean isConnected() {
        final MqttSession s = session;
        return s != null && s.isConnected();
    }

    @Override
    public UplinkStatus status() {
        return status;
    }

    @Override
    public void reconnect() {
        final MqttSession s = session;
        if (s == null || closed) {
            return;
        }
        LOG.warnf("Uplink to %s: acknowledgements stopped arriving; reconnecting", endpoint());
        s.disconnect().whenCompleteAsync((ok, error) -> {
            if (closed) {
                return;
            }
            if (transport == UplinkConfig.Transport.WSS_SIGV4) {
                replaceClient(); // the URL this client holds may have expired: a new client with a new signature
            } else {
                s.connect();
            }
        }, retry);
    }

    /** @return the TLS configuration problem that keeps the uplink from connecting at all, or null. */
    public String configurationError() {
        return configurationError;
    }

    @Override
    public void onStateChange(final Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Disconnects cleanly; unacknowledged messages stay in the buffer. */
    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        final MqttSession s = session;
        if (s != null && s.isConnected()) {
            try {
                s.disconnect().get(5, TimeUnit.SECONDS);
            } catch (final Exception e) {
                LOG.debugf("disconnect: %s", e.getMessage());
            }
        }
    }

    /** @return the transport to {@code endpoint}: TLS, WebSocket with its signature or headers, the proxy */
    private HivemqTransport transportTo(final Endpoint endpoint) {
        return new HivemqTransport(endpoint.host(), endpoint.port(), ssl, transport.webSocket,
                auth.webSocketQuery(endpoint.host()), auth.webSocketHeaders(), proxies.forHost(endpoint.host()),
                CONNECT_TIMEOUT);
    }

    /** Tries the primary again while connected to a backup; fails over again if it still does not answer. */
    /**
     * Tries the primary again while connected to a backup: when it accepts a TCP connection (or a proxy is in the
     * way and only a real attempt can tell), the backup is left for it; if the primary then still fails
     * {@code after} times, the gateway goes on to the backup again.
     */
    private void probePrimary() {
        final MqttSession old = session;
        if (closed || failover.onPrimary() || old == null) {
            return;
        }
        final Endpoint primary = failover.primary();
        if (!old.isConnected() || !PrimaryProbe.answers(primary, proxies)) {
            scheduleProbe();
            return;
        }
        generation.incrementAndGet(); // first: the backup client's last callbacks are not ours any more
        final Endpoint backup = failover.current();
        failover.probePrimary(System.currentTimeMillis());
        LOG.infof("Uplink: trying the primary %s again (connected to the backup %s)", primary, backup);
        changeState(false, "returning to the primary " + primary, false);
        old.disconnect().whenCompleteAsync((ok, error) -> replaceClient(), retry);
    }

    /** One probe of the primary waiting at a time, whatever the backup connection does meanwhile. */
    private synchronized void scheduleProbe() {
        if (probe != null) {
            probe.cancel(false);
        }
        probe = retry.schedule(this::probePrimary, probePrimary.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onConnected(final MqttClientConnectedContext ctx) {
        if (closed) {
            return;
        }
        final boolean sessionPresent = ctx instanceof Mqtt5ClientConnectedContext
                ? ((Mqtt5ClientConnectedContext) ctx).getConnAck().isSessionPresent()
                : ctx instanceof Mqtt3ClientConnectedContext
                && ((Mqtt3ClientConnectedContext) ctx).getConnAck().isSessionPresent();
        LOG.infof("Uplink connected to %s (session %s)", route(), sessionPresent ? "resumed" : "new");
        failover.connected();
        registration.accepted();
        if (!failover.onPrimary()) {
            scheduleProbe();
        }
        final MqttSession s = session;
        if (s != null) {
            inbound.subscribeAll(s);
        }
        changeState(true, null, sessionPresent);
    }

    private void onDisconnected(final MqttClientDisconnectedContext ctx) {
        if (ctx.getSource() == MqttDisconnectSource.USER || closed) {
            changeState(false, null, false);
            return;
        }
        if (!closed && !ClientTls.filesState(certFile, keyFile, config.tls().ca()).equals(tlsFiles)) {
            // the client cannot take new TLS material: this one ends here, a new one is built from the files
            changeState(false, DisconnectKind.describe(ctx.getCause()), false);
            LOG.infof("Uplink to %s: the TLS files changed; connecting with them", endpoint());
            retry.schedule(this::replaceClient, backoff.delayNanos(ctx.getReconnector().getAttempts()),
                    TimeUnit.NANOSECONDS);
            return;
        }
        // Own reconnect instead of the client's automatic one, for republishIfSessionExpired: when the broker
        // has lost the session, the client sends the unacknowledged messages again, in their order and ahead
        // of anything queued after them. Failing them instead would let later messages overtake them.
        if (status.connected() || downSinceNanos == 0) {
            downSinceNanos = System.nanoTime();
        }
        final boolean attemptFailed = !status.connected();
        if (attemptFailed && registration.dropped(ctx.getCause())) {
            // just-in-time registration: the cloud drops the first connections of a new certificate while it
            // registers it; retried quickly and not counted against the endpoint
            final long delay = reconnect.delayNanos(0, 0, false);
            reconnectAfter(ctx, delay);
            changeState(false, "registering: the broker closed the connection before CONNACK on the first use of "
                    + "this certificate (just-in-time registration); retrying", false);
            if (registration.firstDrop()) {
                // once per certificate: a refused certificate whose TLS alert got lost looks the same for a while
                LOG.infof("Uplink to %s: connection closed before CONNACK with a certificate not accepted before: "
                        + "taken as just-in-time registration, retrying (up to %d times)", route(),
                        JustInTimeRegistration.ATTEMPTS);
            }
            return;
        }
        if (attemptFailed) {
            final Endpoint from = failover.current();
            final Optional<Endpoint> next = failover.failed(System.currentTimeMillis());
            if (next.isPresent()) {
                final String reason = DisconnectKind.describe(ctx.getCause());
                LOG.warnf("Uplink: %s does not answer (%s); switching to %s", from, reason, next.get());
                changeState(false, reason, false);
                retry.schedule(this::replaceClient, reconnect.delayNanos(0, 0, false), TimeUnit.NANOSECONDS);
                return;
            }
        }
        final boolean refused = DisconnectKind.refusedByBroker(ctx.getCause());
        final long delay = reconnect.delayNanos(ctx.getReconnector().getAttempts(), System.nanoTime() - downSinceNanos,
                refused);
        reconnectAfter(ctx, delay);
        final String reason = DisconnectKind.describe(ctx.getCause());
        if (DisconnectKind.forQuota(ctx.getCause())) {
            throttled.incrementAndGet();
            LOG.warnf("Uplink to %s: the broker disconnected the gateway for a quota (%s; counted in "
                    + "fieldgate_uplink_throttled)", endpoint(), reason);
        }
        if (status.connected() || !Objects.equals(reason, status.lastError())) {
            LOG.warnf("Uplink to %s %s: %s; reconnecting in %d ms (%s), readings are buffered", endpoint(),
                    status.connected() ? "lost" : "failed", reason, delay / 1_000_000,
                    refused ? "refused by the broker: backing off" : "network failure");
        }
        changeState(false, reason, false);
    }

    /**
     * Reconnects the same client (same session, unacknowledged messages sent again first) after {@code delay};
     * a SigV4 URL is signed again for it.
     */
    private void reconnectAfter(final MqttClientDisconnectedContext ctx, final long delayNanos) {
        if (transport == UplinkConfig.Transport.WSS_SIGV4) {
            try {
                ctx.getReconnector().transportConfig(transportTo(failover.current()).build());
            } catch (final RuntimeException e) {
                // the last URL is tried again; its signature may have expired, then the next attempt signs anew
                LOG.warnf("Uplink: cannot sign a new WebSocket URL: %s", e.getMessage());
            }
        }
        ctx.getReconnector()
                .reconnect(true)
                .republishIfSessionExpired(true)
                .resubscribeIfSessionExpired(true)
                .delay(delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts a new client with the TLS files as they are now, then fails what the old one left unanswered:
     * the drainer sends those again from the buffer (a duplicate at worst, never a gap).
     */
    private void replaceClient() {
        // failed before the new client starts, so that the drainer rewinds before anything newer goes out
        final IllegalStateException replaced = new IllegalStateException(
                "the MQTT client was replaced (new TLS files or another endpoint); not acknowledged on the old one");
        List.copyOf(pending).forEach(f -> f.completeExceptionally(replaced));
        start();
    }

    private void changeState(final boolean connected, final String error, final boolean sessionPresent) {
        status = status(connected, error, sessionPresent);
        for (final Runnable listener : listeners) {
            try {
                listener.run();
            } catch (final RuntimeException e) {
                // a listener's failure must not cost the reconnect that follows
                LOG.errorf(e, "Uplink state listener failed");
            }
        }
    }

    private UplinkStatus status(final boolean connected, final String error, final boolean sessionPresent) {
        return new UplinkStatus(connected, endpoint(), System.currentTimeMillis(), error, sessionPresent,
                describeTransport(), proxies.forHost(failover.current().host()).map(ProxyRoute::describe)
                .orElse("direct"), failover.onPrimary(), failover.lastSwitch().map(s -> new UplinkStatus.Switch(
                s.from().toString(), s.to().toString(), s.reason(), s.at())).orElse(null));
    }

    private String describeTransport() {
        return auth.describeTransport();
    }

    /** @return the endpoint and the proxy in between, for the log */
    private String route() {
        return endpoint() + proxies.forHost(failover.current().host()).map(p -> " via " + p.describe()).orElse("");
    }

    private String endpoint() {
        return failover.current().toString();
    }
}
