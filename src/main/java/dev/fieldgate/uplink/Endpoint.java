package dev.fieldgate.uplink;

import java.util.Objects;

/**
 * A broker the uplink can connect to.
 *
 * @param host host name or address
 * @param port port
 */
public record Endpoint(String host, int port) {

    /** Checks the parts. */
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw new IllegalArgumentException("'" + host + "' is not a host name");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * @param spec        {@code host} or {@code host:port} ({@code [v6-address]:port} for IPv6)
     * @param defaultPort port when the spec has none
     * @param setting     the setting it came from, for errors
     * @return the endpoint
     * @throws IllegalArgumentException naming the setting when the spec is not an endpoint
     */
    public static Endpoint parse(final String spec, final int defaultPort, final String setting) {
        final String s = spec.trim();
        try {
            if (s.startsWith("[")) {
                final int close = s.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("missing ']'");
                }
                final String rest = s.substring(close + 1);
                return new Endpoint(s.substring(1, close), rest.isEmpty() ? defaultPort : port(rest.substring(1)));
            }
            final int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') == colon) {
                return new Endpoint(s.substring(0, colon), port(s.substring(colon + 1)));
            }
            return new Endpoint(s, defaultPort);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": '" + spec + "' is not host or host:port (" + e.getMessage()
                    + ")");
        }
    }

    private static int port(final String text) {
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port number");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
