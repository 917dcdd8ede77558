package dev.fieldgate.network;

import dev.fieldgate.config.ProxyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Composition root of outbound networking: reads the plant's proxy settings once, hands them to every capability
 * that connects out (uplink, provisioning, tunnels) and to the JDK's HTTP client for downloads.
 */
@ApplicationScoped
public class NetworkRoot {

    private static final Logger LOG = Logger.getLogger(NetworkRoot.class);

    private final ProxyRules rules;

    NetworkRoot(final ProxyConfig config) {
        this.rules = ProxyRules.from(config, System.getenv());
        // the JDK sends no Basic credentials to a CONNECT proxy unless told it may (JDK-8168839)
        if (rules.authenticated()) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        JvmProxySelector.install(rules);
        if (rules != ProxyRules.DIRECT) {
            LOG.infof("Outbound connections go through %s", rules.describe());
        }
    }

    /** @return which outbound connections go through the plant's proxy */
    @Produces
    @Singleton
    ProxyRules proxyRules() {
        return rules;
    }
}
