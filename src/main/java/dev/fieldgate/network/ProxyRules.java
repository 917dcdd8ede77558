package dev.fieldgate.network;

import dev.fieldgate.config.ProxyConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which outbound connections go through the plant's proxy: {@code fieldgate.proxy.url} or, when not set, the
 * environment variables curl and most tools read ({@code HTTPS_PROXY}, {@code ALL_PROXY}, lower case too), minus
 * the hosts of {@code fieldgate.proxy.no-proxy} or {@code NO_PROXY}.
 */
public final class ProxyRules {

    /** No proxy for anything. */
    public static final ProxyRules DIRECT = new ProxyRules(null, List.of());

    private final ProxyRoute proxy;
    private final List<String> exceptions;

    private ProxyRules(final ProxyRoute proxy, final List<String> exceptions) {
        this.proxy = proxy;
        this.exceptions = exceptions;
    }

    /**
     * @param config the proxy settings
     * @param env    the process environment
     * @return the rules
     * @throws IllegalArgumentException naming the setting when a proxy URL or exception is malformed
     */
    public static ProxyRules from(final ProxyConfig config, final Map<String, String> env) {
        final Optional<String> configured = config.url().filter(u -> !u.isBlank());
        final String source = configured.isPresent() ? "fieldgate.proxy.url" : firstSet(env, "HTTPS_PROXY",
                "https_proxy", "ALL_PROXY", "all_proxy");
        final String url = configured.orElse(source == null ? null : env.get(source));
        if (url == null || url.isBlank()) {
            return DIRECT;
        }
        final List<String> exceptions = new ArrayList<>();
        config.noProxy().or(() -> Optional.ofNullable(firstValue(env, "NO_PROXY", "no_proxy"))
                .map(v -> List.of(v.split(",")))).orElse(List.of()).forEach(e -> {
                    final String entry = e.trim().toLowerCase(Locale.ROOT);
                    if (entry.contains("/")) {
                        throw new IllegalArgumentException("no-proxy entry '" + entry + "': address ranges are not "
                                + "supported; list the hosts, domains or addresses");
                    }
                    if (!entry.isEmpty()) {
                        exceptions.add(entry);
                    }
                });
        return new ProxyRules(parse(url, source), List.copyOf(exceptions));
    }

    /**
     * @param url    {@code http://[user:password@]host:port} or {@code socks5://…}
     * @param source the setting it came from, for errors
     * @return the proxy
     */
    static ProxyRoute parse(final String url, final String source) {
        final URI uri;
        try {
            uri = new URI(url.contains("://") ? url.trim() : "http://" + url.trim());
        } catch (final URISyntaxException e) {
            // the input may hold a password: name the setting, not the value
            throw new IllegalArgumentException(source + " is not a proxy URL (http://host:port or socks5://host:port)");
        }
        final String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        final ProxyRoute.Kind kind = switch (scheme) {
            case "http" -> ProxyRoute.Kind.HTTP;
            case "https" -> throw new IllegalArgumentException(source + ": TLS to the proxy (https://) is not "
                    + "supported; use http:// (the connection inside the tunnel is TLS all the same)");
            case "socks5", "socks5h", "socks" -> ProxyRoute.Kind.SOCKS5;
            default -> throw new IllegalArgumentException(source + ": proxy scheme '" + scheme
                    + "' is not supported (http or socks5)");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(source + " names no proxy host (percent-encode '@', ':' and '/' in "
                    + "the user name and password)");
        }
        final String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        final int port = uri.getPort() > 0 ? uri.getPort() : kind == ProxyRoute.Kind.HTTP ? 8080 : 1080;
        String user = null;
        String password = null;
        final String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            final int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        try {
            return new ProxyRoute(kind, host, port, user, password);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /** Percent-decoding as in URLs: a '+' stays a '+' (form decoding would make it a space). */
    private static String decode(final String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * @param host the host about to be connected to
     * @return the proxy to go through, or empty for a direct connection
     */
    public Optional<ProxyRoute> forHost(final String host) {
        java.util.Objects.requireNonNull(host, "host");
        if (proxy == null) {
            return Optional.empty();
        }
        final String h = host.toLowerCase(Locale.ROOT);
        for (final String e : exceptions) {
            // as curl reads NO_PROXY: an entry names a host and every host below it; a leading "." or "*." is noise;
            // an address matches only itself
            final String domain = e.startsWith("*.") ? e.substring(2) : e.startsWith(".") ? e.substring(1) : e;
            if (e.equals("*") || h.equals(domain) || !isAddress(domain) && h.endsWith("." + domain)) {
                return Optional.empty();
            }
        }
        return Optional.of(proxy);
    }

    /** @return whether the proxy wants a user name and password */
    public boolean authenticated() {
        return proxy != null && proxy.authenticated();
    }

    /** @return the proxy and its exceptions, safe to log ("direct" when none) */
    public String describe() {
        return proxy == null ? "direct" : proxy.describe() + (exceptions.isEmpty() ? "" : " except " + exceptions);
    }

    private static boolean isAddress(final String s) {
        return s.contains(":") || s.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static String firstSet(final Map<String, String> env, final String... names) {
        for (final String n : names) {
            final String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return n;
            }
        }
        return null;
    }

    private static String firstValue(final Map<String, String> env, final String... names) {
        final String n = firstSet(env, names);
        return n == null ? null : env.get(n);
    }
}
