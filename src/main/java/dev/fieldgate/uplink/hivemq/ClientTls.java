package dev.fieldgate.uplink.hivemq;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import dev.fieldgate.config.TlsConfig;
import dev.fieldgate.config.UplinkConfig.Transport;
import dev.fieldgate.network.alpn.HivemqAlpn;
import dev.fieldgate.util.PemTls;
import dev.fieldgate.util.TlsMaterialException;
import io.netty.handler.ssl.SslContext;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The TLS side of one client, read from the PEM files: the HiveMQ client's SSL settings and, for the transports
 * that need it, the ALPN context that goes in their place.
 *
 * @param ssl  the client's SSL settings (no key managers when the transport authenticates otherwise)
 * @param alpn the context offering the transport's ALPN protocol, or null
 */
record ClientTls(MqttClientSslConfig ssl, SslContext alpn) {

    /**
     * @throws TlsMaterialException naming the file when one is missing, unreadable or unusable
     */
    static ClientTls load(final TlsConfig tls, final Transport transport, final Path cert, final Path key,
                          final Duration handshakeTimeout) {
        final TrustManagerFactory trust = PemTls.trustManagers(tls.ca());
        final KeyManagerFactory keys = transport.clientCertificate ? PemTls.keyManagers(cert, key) : null;
        final MqttClientSslConfig ssl = MqttClientSslConfig.builder()
                .keyManagerFactory(keys)
                .trustManagerFactory(trust)
                .protocols(tls.protocols())
                .handshakeTimeout(handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        try {
            return new ClientTls(ssl, transport.alpn == null ? null
                    : HivemqAlpn.clientContext(keys, trust, tls.protocols(), transport.alpn));
        } catch (final SSLException e) {
            throw new TlsMaterialException("cannot offer ALPN " + transport.alpn + ": " + e.getMessage());
        }
    }

    /**
     * @return size and modification time of each file ("?" for a missing one): when it changes, the files were
     *         replaced (a renewed certificate, a rotated Kubernetes Secret)
     */
    static String filesState(final Path... files) {
        final StringBuilder out = new StringBuilder();
        for (final Path f : files) {
            if (f == null) {
                continue;
            }
            try {
                out.append(Files.size(f)).append('@').append(Files.getLastModifiedTime(f).toMillis()).append(';');
            } catch (final IOException e) {
                out.append("?;");
            }
        }
        return out.toString();
    }
}
