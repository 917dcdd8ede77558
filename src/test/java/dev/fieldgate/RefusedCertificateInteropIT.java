package dev.fieldgate;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.MqttWatcher;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.SimulatedPlant;
import dev.fieldgate.rig.WebSession;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's Mosquitto refuses the gateway's client certificate (issued by a CA the broker does not trust, as
 * when a device certificate's CA is not registered with AWS IoT yet): the gateway says so clearly, stays
 * ready and keeps buffering; once the broker trusts the CA, everything accepted meanwhile is delivered.
 */
@Tag("interop")
class RefusedCertificateInteropIT {

    @TempDir
    Path root;

    @Test
    void should_report_a_refused_certificate_keep_buffering_and_deliver_everything_once_trusted() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, "cert-gw");
        final DemoPki foreign = DemoPki.create(root.resolve("foreign"), "Unregistered CA");
        foreign.issueClient("gateway", "cert-gw");
        final int mqttPort = Ports.free();
        final int webPort = Ports.free();
        try (SimulatedPlant plant = new SimulatedPlant(root, "cell", "200ms", 2);
             Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), mqttPort);
             MqttWatcher backend = MqttWatcher.backOffice(pki, mqttPort)) {
            final Map<String, String> config = GatewaySettings.forBroker("cert-gw", root, plant.adapters(), pki,
                    mqttPort, "v5");
            config.put("fieldgate.uplink.tls.cert", foreign.dir().resolve("gateway.pem").toString());
            config.put("fieldgate.uplink.tls.key", foreign.dir().resolve("gateway.key").toString());
            config.put("quarkus.http.port", Integer.toString(webPort));
            try (GatewayProcess gateway = GatewayProcess.start(config)) {
                final WebSession admin = WebSession.firstAdmin(gateway, webPort);

                // refused, said clearly, and the readings pile up in the buffer meanwhile
                await().atMost(Duration.ofSeconds(30)).until(() -> status(admin).getInt("buffer.depth") >= 30);
                final JsonPath refused = status(admin);
                assertThat(refused.getBoolean("uplink.connected")).isFalse();
                assertThat(refused.getString("uplink.lastError")).as("names the certificate problem and where to look")
                        .contains("unknown_ca").contains("refused the gateway's client certificate")
                        .contains("fieldgate.uplink.tls.cert");
                admin.request().get("/q/health/ready").then().statusCode(200);
                assertThat(backend.received()).isEmpty();
                // retried every second or so, reported when the reason changes, not on every attempt
                assertThat(gateway.output().lines().filter(l -> l.contains("Uplink to localhost")).count())
                        .isLessThanOrEqualTo(3);

                // the broker is told to trust the gateway's CA
                mosquitto.stop();
                Files.writeString(pki.caFile(), Files.readString(pki.caFile()) + Files.readString(foreign.caFile()));
                mosquitto.start();
                final Set<String> accepted = gateway.accepted();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(backend.received().stream().map(CapturedMessage::messageId).collect(Collectors.toSet()))
                                .containsAll(accepted));
                assertThat(status(admin).getBoolean("uplink.connected")).isTrue();
                assertThat(gateway.output()).doesNotContain("PRIVATE KEY");
            }
        }
    }

    private static JsonPath status(final WebSession web) {
        return web.request().get("/api/status").then().statusCode(200).extract().jsonPath();
    }
}
