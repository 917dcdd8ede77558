package dev.fieldgate.network.alpn;

import com.hivemq.client.internal.mqtt.MqttClientConfig;
import com.hivemq.client.internal.mqtt.mqtt3.Mqtt3ClientConfigView;
import com.hivemq.client.mqtt.MqttClient;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Objects;

/**
 * ALPN for the HiveMQ MQTT client, which has no setting for it (hivemq-mqtt-client issue #464). AWS IoT Core
 * accepts MQTT with a client certificate on port 443 only when the ClientHello offers ALPN
 * {@code x-amzn-mqtt-ca} (custom authorizers on 443: {@code mqtt}).
 *
 * <p>How: the client builds its Netty {@link SslContext} lazily, at the first connect, and keeps it in its
 * configuration until the transport changes ({@code MqttClientConfig.setCurrentTransportConfig} clears it). This
 * class builds the same context the client would (same key and trust managers, protocols, cipher filter and
 * endpoint identification), adds ALPN, and places it there before the first connect. Reconnects reuse it; a
 * client whose transport changes must get it again (the uplink replaces the client when it switches endpoints).
 * It relies on the client's internal configuration class: {@code HivemqAlpnTest} fails if a client upgrade
 * changes that.
 */
public final class HivemqAlpn {

    private HivemqAlpn() {
    }

    /**
     * @param keyManagers   the client certificate
     * @param trustManagers the CAs the server's certificate must chain to
     * @param protocols     TLS versions offered
     * @param alpn          the ALPN protocol to offer
     * @return a client context offering {@code alpn}; the handshake fails if the server picks something else
     * @throws SSLException when Netty cannot build it
     */
    public static SslContext clientContext(final KeyManagerFactory keyManagers, final TrustManagerFactory trustManagers,
                                           final List<String> protocols, final String alpn) throws SSLException {
        Objects.requireNonNull(alpn, "alpn");
        return SslContextBuilder.forClient()
                .keyManager(keyManagers)
                .trustManager(trustManagers)
                .protocols(protocols.toArray(new String[0]))
                .ciphers(null, SupportedCipherSuiteFilter.INSTANCE)
                .endpointIdentificationAlgorithm("HTTPS")
                .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        // offer it always; a server that ignores ALPN (Mosquitto) is still talked to
                        SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, alpn))
                .build();
    }

    /**
     * Makes {@code client} use {@code context} for its TLS connections. Call before it connects.
     *
     * @param client  an MQTT 5 or 3.1.1 client built with an SSL configuration
     * @param context from {@link #clientContext}
     * @throws IllegalStateException when the client's internals are not what this was written for
     */
    public static void install(final MqttClient client, final SslContext context) {
        Objects.requireNonNull(context, "context");
        internalConfig(client).setCurrentSslContext(context);
    }

    /** @return the context the client will use now, or null when it will build its own */
    static SslContext installed(final MqttClient client) {
        return internalConfig(client).getCurrentSslContext();
    }

    private static MqttClientConfig internalConfig(final MqttClient client) {
        final Object config = client.getConfig();
        if (config instanceof MqttClientConfig internal) {
            return internal;
        }
        if (config instanceof Mqtt3ClientConfigView view) {
            try {
                // the 3.1.1 view hides its delegate; registered for reflection in the native image
                final Field delegate = Mqtt3ClientConfigView.class.getDeclaredField("delegate");
                delegate.setAccessible(true);
                return (MqttClientConfig) delegate.get(view);
            } catch (final ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot set ALPN on this HiveMQ client version: " + e, e);
            }
        }
        throw new IllegalStateException("cannot set ALPN on a HiveMQ client configuration of type "
                + config.getClass().getName());
    }
}
