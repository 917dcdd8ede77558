package dev.fieldgate.network;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttProxyConfig;
import com.hivemq.client.mqtt.MqttProxyConfigBuilder;
import com.hivemq.client.mqtt.MqttProxyProtocol;
import com.hivemq.client.mqtt.MqttWebSocketConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HiveMQ client's transport for one endpoint: TLS, MQTT over WebSocket on {@code /mqtt} when asked for, and
 * the plant's proxy when one applies to the host. Shared by the uplink and provisioning, so that both reach the
 * cloud the same way.
 *
 * @param host           broker host (sent to the proxy unresolved: a proxy may be the only one that can resolve it)
 * @param port           broker port
 * @param ssl            TLS settings
 * @param webSocket      whether MQTT rides on a WebSocket
 * @param webSocketQuery query string of the WebSocket URL (a SigV4 signature), or null
 * @param webSocketHeaders extra headers of the WebSocket upgrade request (custom authorizer)
 * @param proxy          the proxy to go through, or empty
 * @param connectTimeout TCP, proxy and TLS handshake timeout
 */
public record HivemqTransport(String host, int port, MqttClientSslConfig ssl, boolean webSocket, String webSocketQuery,
                              Map<String, String> webSocketHeaders, Optional<ProxyRoute> proxy,
                              Duration connectTimeout) {

    /** Checks the parts. */
    public HivemqTransport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ssl, "ssl");
        webSocketHeaders = Map.copyOf(webSocketHeaders);
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** @return the client's transport configuration */
    public MqttClientTransportConfig build() {
        final MqttClientTransportConfigBuilder b = MqttClientTransportConfig.builder()
                .serverHost(host)
                .serverPort(port)
                .sslConfig(ssl)
                .socketConnectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (webSocket) {
            b.webSocketConfig(MqttWebSocketConfig.builder()
                    .serverPath("mqtt")
                    .queryString(webSocketQuery == null ? "" : webSocketQuery)
                    .httpHeaders(webSocketHeaders)
                    .handshakeTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .build());
        }
        proxy.ifPresent(p -> b.proxyConfig(proxyConfig(p, connectTimeout)));
        return b.build();
    }

    private static MqttProxyConfig proxyConfig(final ProxyRoute p, final Duration timeout) {
        final MqttProxyConfigBuilder b = MqttProxyConfig.builder()
                .protocol(p.kind() == ProxyRoute.Kind.HTTP ? MqttProxyProtocol.HTTP : MqttProxyProtocol.SOCKS_5)
                .host(p.host())
                .port(p.port())
                .handshakeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (p.authenticated()) {
            b.username(p.username()).password(p.password());
        }
        return b.build();
    }

    @Override
    public String toString() {
        // the query and headers carry signatures and tokens
        return (webSocket ? "wss://" : "mqtts://") + host + ":" + port + proxy.map(p -> " via " + p.describe()).orElse("");
    }
}
