package dev.fieldgate.tunnel;

import dev.fieldgate.config.TunnelConfig;
import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.uplink.InboundMessage;
import dev.fieldgate.uplink.Uplink;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Listens for tunnel notifications of the things that have an allow-list (the gateway's own thing and
 * devices') and keeps one tunnel per thing: a new notification (a new or rotated token) replaces the old
 * tunnel. Notifications that are not for the destination, malformed, or name no allow-listed service are
 * refused and logged without their token.
 */
public final class TunnelManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TunnelManager.class);

    private final Vertx vertx;
    private final Uplink uplink;
    private final TunnelConfig config;
    private final Map<String, Map<String, TunnelSession.Target>> allowByThing = new LinkedHashMap<>();
    private final Map<String, TunnelSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> lastToken = new ConcurrentHashMap<>();
    private volatile ProxyRules proxies = ProxyRules.DIRECT;

    /**
     * @param vertx        event loops for the WebSockets and local connections
     * @param uplink       where notifications arrive
     * @param config       allow-lists and endpoint
     * @param thingOf      device id (or the gateway id) → thing name
     * @throws IllegalArgumentException naming an allow-list entry that is not host:port
     */
    public TunnelManager(final Vertx vertx, final Uplink uplink, final TunnelConfig config,
                         final UnaryOperator<String> thingOf) {
        this.vertx = vertx;
        this.uplink = uplink;
        this.config = config;
        config.allow().forEach((owner, services) -> {
            final Map<String, TunnelSession.Target> targets = new HashMap<>();
            services.forEach((service, hostPort) -> {
                try {
                    targets.put(service, TunnelSession.Target.parse(hostPort));
                } catch (final IllegalArgumentException e) {
                    throw new IllegalArgumentException("fieldgate.tunnel.allow." + owner + "." + service + ": "
                            + e.getMessage(), e);
                }
            });
            allowByThing.put(thingOf.apply(owner), Map.copyOf(targets));
        });
    }

    /** Sends the tunnels' WebSockets through the plant's proxy where it applies. Call before {@link #start()}. */
    public void useProxies(final ProxyRules rules) {
        this.proxies = java.util.Objects.requireNonNull(rules, "rules");
    }

    /** Subscribes to the notify topic of every thing with an allow-list. */
    public void start() {
        allowByThing.keySet().forEach(thing ->
                uplink.subscribe("$aws/things/" + thing + "/tunnels/notify", m -> onNotification(thing, m)));
        LOG.infof("Secure tunnels allowed for %s", allowByThing.keySet());
    }

    private void onNotification(final String thing, final InboundMessage m) {
        m.acknowledge();
        final TunnelNotification n;
        try {
            n = TunnelNotification.parse(m.payload());
        } catch (final IllegalArgumentException e) {
            LOG.warnf("Tunnel notification for %s refused: %s", thing, e.getMessage());
            return;
        }
        final Map<String, TunnelSession.Target> allowed = allowByThing.get(thing);
        final Map<String, TunnelSession.Target> usable = new HashMap<>();
        n.services().forEach(s -> {
            if (allowed.containsKey(s)) {
                usable.put(s, allowed.get(s));
            } else {
                LOG.warnf("Tunnel for %s: service %s is not allow-listed and will be refused", thing, s);
            }
        });
        if (usable.isEmpty()) {
            LOG.warnf("Tunnel notification for %s refused: none of its services %s is allow-listed", thing, n.services());
            return;
        }
        if (n.token().equals(lastToken.put(thing, n.token()))) {
            return; // the same notification again
        }
        final String endpoint = config.endpoint().orElse(n.defaultEndpoint());
        final TunnelSession session = new TunnelSession(vertx, thing, usable, n, endpoint,
                config.endpointCa().orElse(null), config.pingInterval(), config.connectTimeout());
        final String endpointHost = java.net.URI.create(endpoint).getHost();
        if (endpointHost != null) {
            proxies.forHost(endpointHost).ifPresent(session::viaProxy);
        }
        final TunnelSession old = sessions.put(thing, session);
        if (old != null) {
            LOG.infof("Tunnel for %s replaced by a new notification", thing);
            old.close();
        }
        session.start();
    }

    /** @return open tunnels by thing, for status. */
    public Map<String, Integer> tunnels() {
        final Map<String, Integer> out = new LinkedHashMap<>();
        sessions.forEach((thing, s) -> out.put(thing, s.version()));
        return out;
    }

    @Override
    public void close() {
        sessions.values().forEach(TunnelSession::close);
        sessions.clear();
    }
}
