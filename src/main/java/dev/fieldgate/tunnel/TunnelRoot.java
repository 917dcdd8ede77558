package dev.fieldgate.tunnel;

import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.TunnelConfig;
import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.shadow.LocalShadows;
import dev.fieldgate.shadow.ThingNames;
import dev.fieldgate.uplink.UplinkSession;
import dev.fieldgate.util.Lifecycle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/** Composition root of secure tunnels: listens for tunnel notifications of the gateway and its devices. */
@ApplicationScoped
public class TunnelRoot implements TunnelService {

    private final GatewayConfig gateway;
    private final TunnelConfig config;
    private final LocalShadows shadows;
    private final UplinkSession uplink;
    private final Vertx vertx;
    private volatile TunnelManager tunnels;
    private final ProxyRules proxies;

    TunnelRoot(final GatewayConfig gateway, final TunnelConfig config, final LocalShadows shadows,
               final UplinkSession uplink, final Vertx vertx, final ProxyRules proxies) {
        this.proxies = proxies;
        this.gateway = gateway;
        this.config = config;
        this.shadows = shadows;
        this.uplink = uplink;
        this.vertx = vertx;
    }

    void start(@Observes @Priority(Lifecycle.START_HANDLERS) final StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        final ThingNames things = shadows.things();
        tunnels = new TunnelManager(vertx, uplink.uplink(), config,
                id -> id.equals(gateway.gatewayId()) ? id : things.thingOf(id));
        tunnels.useProxies(proxies);
        tunnels.start();
    }

    void stop(@Observes @Priority(Lifecycle.STOP_HANDLERS) final ShutdownEvent event) {
        if (tunnels != null) {
            Lifecycle.stopStep("tunnels", tunnels::close);
        }
    }

    @Override
    public Map<String, Integer> tunnels() {
        return tunnels == null ? Map.of() : tunnels.tunnels();
    }
}
