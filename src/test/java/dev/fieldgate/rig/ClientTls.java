package dev.fieldgate.rig;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import dev.fieldgate.util.PemTls;

import java.nio.file.Path;

/** TLS settings of the rig's own MQTT clients: a client certificate and the rig's CA. */
public final class ClientTls {

    private ClientTls() {
    }

    /** @return mutual TLS with {@code cert}/{@code key}, trusting {@code ca}. */
    public static MqttClientSslConfig of(final Path ca, final Path cert, final Path key) {
        return MqttClientSslConfig.builder()
                .keyManagerFactory(PemTls.keyManagers(cert, key))
                .trustManagerFactory(PemTls.trustManagers(ca)).build();
    }
}
