package dev.fieldgate.uplink.hivemq;

import dev.fieldgate.config.CustomAuthConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.config.UplinkConfig.Transport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the gateway presents to the broker besides its certificate, by transport: a custom authorizer's name,
 * token and signature as WebSocket headers ({@code wss-custom-auth}) or in the MQTT user name's query
 * ({@code mqtts-custom-auth}, AWS's form for port 443 with ALPN {@code mqtt}), a SigV4 query string
 * ({@code wss-sigv4}). Nothing here is logged: tokens, signatures and passwords are secrets.
 */
final class ConnectAuth {

    static final String AUTHORIZER_NAME = "x-amz-customauthorizer-name";
    static final String AUTHORIZER_SIGNATURE = "x-amz-customauthorizer-signature";

    private final Transport transport;
    private final CustomAuthConfig custom;
    private final Function<String, String> sigV4Query;

    private ConnectAuth(final Transport transport, final CustomAuthConfig custom,
                        final Function<String, String> sigV4Query) {
        this.transport = transport;
        this.custom = custom;
        this.sigV4Query = sigV4Query;
    }

    /**
     * @param config     the uplink settings
     * @param sigV4Query host → presigned query string, for wss-sigv4 (null otherwise)
     * @return what to present
     * @throws IllegalArgumentException naming the setting that the transport needs and is missing
     */
    static ConnectAuth of(final UplinkConfig config, final Function<String, String> sigV4Query) {
        final Transport t = config.transport();
        final CustomAuthConfig c = config.customAuth();
        if (t == Transport.MQTTS_CUSTOM_AUTH || t == Transport.WSS_CUSTOM_AUTH) {
            if (c.authorizerName().filter(n -> !n.isBlank()).isEmpty()) {
                throw new IllegalArgumentException("fieldgate.uplink.transport=" + name(t)
                        + " needs fieldgate.uplink.custom-auth.authorizer-name");
            }
            if (c.token().isPresent() != c.tokenKeyName().isPresent()) {
                throw new IllegalArgumentException("fieldgate.uplink.custom-auth.token and token-key-name go together");
            }
            if (c.token().isEmpty() && c.username().isEmpty()) {
                throw new IllegalArgumentException("fieldgate.uplink.transport=" + name(t)
                        + " needs fieldgate.uplink.custom-auth.token (with token-key-name) or username/password");
            }
        }
        if (t == Transport.WSS_SIGV4 && sigV4Query == null) {
            throw new IllegalArgumentException("fieldgate.uplink.transport=wss-sigv4 needs AWS credentials");
        }
        return new ConnectAuth(t, c, sigV4Query);
    }

    /** @return the query string of the WebSocket URL, or null */
    String webSocketQuery(final String host) {
        return transport == Transport.WSS_SIGV4 ? sigV4Query.apply(host) : null;
    }

    /** @return headers of the WebSocket upgrade request */
    Map<String, String> webSocketHeaders() {
        if (transport != Transport.WSS_CUSTOM_AUTH) {
            return Map.of();
        }
        final Map<String, String> h = new LinkedHashMap<>();
        h.put(AUTHORIZER_NAME, custom.authorizerName().orElseThrow());
        custom.token().ifPresent(token -> h.put(custom.tokenKeyName().orElseThrow(), token));
        custom.tokenSignature().ifPresent(sig -> h.put(AUTHORIZER_SIGNATURE, sig));
        return h;
    }

    /** @return MQTT user name and password, or null for none */
    SimpleAuth simpleAuth() {
        if (transport == Transport.MQTTS_CUSTOM_AUTH) {
            // port 443 with ALPN "mqtt" has no headers: the authorizer's parameters ride in the user name's query
            final StringBuilder user = new StringBuilder(custom.username().orElse(""));
            user.append('?').append(AUTHORIZER_NAME).append('=').append(encode(custom.authorizerName().orElseThrow()));
            custom.token().ifPresent(token -> user.append('&').append(encode(custom.tokenKeyName().orElseThrow()))
                    .append('=').append(encode(token)));
            custom.tokenSignature().ifPresent(sig -> user.append('&').append(AUTHORIZER_SIGNATURE).append('=')
                    .append(encode(sig)));
            return SimpleAuth.of(user.toString(), custom.password().orElse(null));
        }
        if (transport == Transport.WSS_CUSTOM_AUTH && custom.username().isPresent()) {
            return SimpleAuth.of(custom.username().get(), custom.password().orElse(null));
        }
        return null;
    }

    private static String encode(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String name(final Transport t) {
        return t.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** @return the transport and what it presents, for the log and the status page: never a secret */
    String describeTransport() {
        return name(transport) + (transport.alpn == null ? "" : " (ALPN " + transport.alpn + ")")
                + describe().map(a -> ", " + a).orElse(transport.clientCertificate ? ", client certificate" : "");
    }

    /** @return what the transport presents besides the certificate */
    private Optional<String> describe() {
        return switch (transport) {
            case MQTTS_CUSTOM_AUTH, WSS_CUSTOM_AUTH -> Optional.of("custom authorizer "
                    + custom.authorizerName().orElse("?"));
            case WSS_SIGV4 -> Optional.of("SigV4");
            default -> Optional.empty();
        };
    }
}
