package dev.fieldgate.network;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * The plant's proxy for the JDK's own HTTP clients ({@code java.net.http.HttpClient} with its default selector:
 * downloads of presigned URLs), with the proxy's user name and password answered only to that proxy.
 */
final class JvmProxySelector extends ProxySelector {

    private final ProxyRules rules;

    JvmProxySelector(final ProxyRules rules) {
        this.rules = rules;
    }

    /** Makes {@code rules} the JVM's default proxy selector and proxy authenticator. */
    static void install(final ProxyRules rules) {
        ProxySelector.setDefault(new JvmProxySelector(rules));
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                return rules.forHost(getRequestingURL() == null ? "" : getRequestingURL().getHost())
                        .filter(ProxyRoute::authenticated)
                        .filter(p -> p.host().equalsIgnoreCase(getRequestingHost()) && p.port() == getRequestingPort())
                        .map(p -> new PasswordAuthentication(p.username(), p.password().toCharArray()))
                        .orElse(null);
            }
        });
    }

    @Override
    public List<Proxy> select(final URI uri) {
        if (uri == null || uri.getHost() == null) {
            return List.of(Proxy.NO_PROXY);
        }
        return rules.forHost(uri.getHost())
                .map(p -> List.of(new Proxy(p.kind() == ProxyRoute.Kind.HTTP ? Proxy.Type.HTTP : Proxy.Type.SOCKS,
                        InetSocketAddress.createUnresolved(p.host(), p.port()))))
                .orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(final URI uri, final SocketAddress sa, final IOException ioe) {
        // nothing to learn: there is one proxy
    }
}
