package dev.fieldgate.network.alpn;

import com.hivemq.client.mqtt.MqttClient;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.util.PemTls;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fails when a HiveMQ client upgrade moves the internals the ALPN extension relies on. */
class HivemqAlpnTest {

    @TempDir
    Path dir;

    @Test
    void should_place_an_alpn_context_in_mqtt5_and_mqtt3_clients() throws Exception {
        final DemoPki pki = DemoPki.create(dir, "CA");
        pki.issueClient("gw", "gw");
        final SslContext context = HivemqAlpn.clientContext(PemTls.keyManagers(dir.resolve("gw.pem"),
                dir.resolve("gw.key")), PemTls.trustManagers(pki.caFile()), List.of("TLSv1.2"), "x-amzn-mqtt-ca");
        assertThat(context.applicationProtocolNegotiator().protocols()).containsExactly("x-amzn-mqtt-ca");
        final MqttClient v5 = MqttClient.builder().identifier("a").serverHost("localhost").sslWithDefaultConfig()
                .useMqttVersion5().buildAsync();
        final MqttClient v3 = MqttClient.builder().identifier("b").serverHost("localhost").sslWithDefaultConfig()
                .useMqttVersion3().buildAsync();
        HivemqAlpn.install(v5, context);
        HivemqAlpn.install(v3, context);
        assertThat(HivemqAlpn.installed(v5)).isSameAs(context);
        assertThat(HivemqAlpn.installed(v3)).isSameAs(context);
    }
}
