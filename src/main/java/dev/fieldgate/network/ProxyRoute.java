package dev.fieldgate.network;

import java.util.Objects;

/**
 * One outbound proxy. The password is never part of {@link #toString()} or {@link #describe()}: proxy URLs
 * end up in logs and on the status page.
 *
 * @param kind     HTTP CONNECT or SOCKS5
 * @param host     proxy host
 * @param port     proxy port
 * @param username user name for the proxy, or null
 * @param password password for the proxy, or null; secret
 */
public record ProxyRoute(Kind kind, String host, int port, String username, String password) {

    /** Proxy protocols. */
    public enum Kind {
        /** HTTP proxy, tunnelling with CONNECT; basic authentication when a user name is given. */
        HTTP,
        /** SOCKS version 5, user name and password authentication when given. */
        SOCKS5
    }

    /** Checks the parts. */
    public ProxyRoute {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("proxy port " + port + " is not between 1 and 65535");
        }
    }

    /** @return whether the proxy wants a user name and password */
    public boolean authenticated() {
        return username != null;
    }

    /** @return {@code http://user:***@host:port}, safe to log */
    public String describe() {
        return (kind == Kind.HTTP ? "http" : "socks5") + "://" + (username == null ? "" : username + ":***@")
                + host + ":" + port;
    }

    @Override
    public String toString() {
        return describe();
    }
}
