package dev.fieldgate.rig;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.util.PemTls;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The rig's own MQTT clients: their TLS settings and builder, and the PKI the interop tests share. */
public final class ClientTls {

    private ClientTls() {
    }

    /**
     * @return a client builder for the rig's brokers on localhost: its own certificate, a unique id starting
     *         with {@code idPrefix}, quick automatic reconnects
     */
    public static MqttClientBuilder builder(final String idPrefix, final int port, final Path ca, final Path cert,
                                            final Path key) {
        return MqttClient.builder()
                .identifier(idPrefix + "-" + System.nanoTime())
                .serverHost("localhost")
                .serverPort(port)
                .sslConfig(of(ca, cert, key))
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect();
    }

    /**
     * @return a PKI for an interop test in {@code root/pki}: a CA, the gateway's client certificate for
     *         {@code gatewayId} and the back office's ({@code backend})
     */
    public static DemoPki interopPki(final Path root, final String gatewayId) {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Interop CA");
        pki.issueClient("gateway", gatewayId);
        pki.issueClient("backend", "backend");
        return pki;
    }

    /** @return mutual TLS with {@code cert}/{@code key}, trusting {@code ca}. */
    public static MqttClientSslConfig of(final Path ca, final Path cert, final Path key) {
        return MqttClientSslConfig.builder()
                .keyManagerFactory(PemTls.keyManagers(cert, key))
                .trustManagerFactory(PemTls.trustManagers(ca)).build();
    }
}
