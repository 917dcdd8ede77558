package dev.fieldgate.provisioning;

import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.ProvisioningConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.uplink.UplinkSession;
import dev.fieldgate.util.Backoff;
import dev.fieldgate.util.Lifecycle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Composition root of the gateway's identity: connects the uplink with the provisioned identity when there is
 * one; provisions by claim first when configured and there is none (polling and buffering go on meanwhile);
 * else connects with the configured certificate.
 */
@ApplicationScoped
public class ProvisioningRoot implements ProvisioningService {

    private static final Logger LOG = Logger.getLogger(ProvisioningRoot.class);

    private final GatewayConfig gateway;
    private final UplinkConfig uplinkConfig;
    private final ProxyRules proxies;
    private final ProvisioningConfig config;
    private final UplinkSession uplink;
    private volatile ClaimProvisioner provisioner;

    ProvisioningRoot(final GatewayConfig gateway, final UplinkConfig uplinkConfig, final ProvisioningConfig config,
                     final UplinkSession uplink, final ProxyRules proxies) {
        this.proxies = proxies;
        this.gateway = gateway;
        this.uplinkConfig = uplinkConfig;
        this.config = config;
        this.uplink = uplink;
    }

    void connect(@Observes @Priority(Lifecycle.START_CONNECT) final StartupEvent event) {
        final IdentityStore identities = new IdentityStore(gateway.dataDir().resolve("identity"));
        final Optional<IdentityStore.Active> rotated = identities.active();
        if (rotated.isPresent()) {
            // a certificate rotation job replaced the identity (provisioned or configured): its files win
            LOG.infof("Using the certificate of the last rotation, %s", rotated.get().current().cert());
            uplink.useIdentity(rotated.get().current().cert(), rotated.get().current().key());
            uplink.connect();
            return;
        }
        final Optional<Identity> identity = identities.current();
        if (identity.isPresent()) {
            useIdentity(identity.get());
            uplink.connect();
            return;
        }
        if (!config.enabled()) {
            uplink.connect();
            return;
        }
        final Path claimCert = config.claimCert().orElseThrow(() -> missing("claim-cert"));
        final Path claimKey = config.claimKey().orElseThrow(() -> missing("claim-key"));
        final String template = config.template().orElseThrow(() -> missing("template"));
        // the claim certificate authenticates with X.509: port 8883, or 443 with ALPN when the plant allows only 443
        final UplinkConfig.Transport transport = uplinkConfig.transport() == UplinkConfig.Transport.MQTTS
                ? UplinkConfig.Transport.MQTTS : UplinkConfig.Transport.MQTTS_ALPN;
        final int port = uplinkConfig.transport() == transport
                ? uplinkConfig.port().orElse(transport.defaultPort) : transport.defaultPort;
        provisioner = new ClaimProvisioner(identities, () -> new ProvisioningClient(uplinkConfig.host(), port,
                transport.alpn, proxies, gateway.gatewayId(), uplinkConfig.tls().ca(), claimCert, claimKey,
                config.requestTimeout()), template, config.parameters(), gateway.gatewayId(),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30)));
        LOG.infof("No identity yet: provisioning by claim with template %s; readings are buffered meanwhile", template);
        provisioner.start(id -> {
            useIdentity(id);
            uplink.connect();
        });
    }

    void stop(@Observes @Priority(Lifecycle.STOP_HANDLERS) final ShutdownEvent event) {
        if (provisioner != null) {
            Lifecycle.stopStep("provisioning", provisioner::close);
        }
    }

    @Override
    public Optional<String> status() {
        return provisioner == null ? Optional.empty() : Optional.of(provisioner.status());
    }

    private void useIdentity(final Identity id) {
        if (!id.thingName().equals(gateway.gatewayId())) {
            // AWS IoT policies tie the client id to the thing name: connecting under another id would be refused
            LOG.errorf("The provisioned thing is %s but fieldgate.gateway-id is %s: set fieldgate.gateway-id=%s "
                    + "(or make the template name the thing after the gateway id)", id.thingName(), gateway.gatewayId(),
                    id.thingName());
        }
        LOG.infof("Using the provisioned identity of thing %s", id.thingName());
        uplink.useIdentity(id.cert(), id.key());
    }

    private static IllegalStateException missing(final String key) {
        return new IllegalStateException("fieldgate.provisioning.enabled=true needs fieldgate.provisioning." + key);
    }
}
