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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker whose policy does not allow the gateway's telemetry topic (Mosquitto's ACL, MQTT 5 PUBACK
 * "not authorized"): the refused messages are set aside, not lost; once the policy is fixed a technician
 * sends them again from the web page and every message the gateway accepted reaches the back office.
 */
@Tag("interop")
class RefusedMessagesInteropIT {

    @TempDir
    Path root;

    @Test
    void should_keep_what_the_broker_refuses_and_deliver_it_once_the_policy_allows_it() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, "refused-gw");
        final int mqttPort = Ports.free();
        final int webPort = Ports.free();
        try (SimulatedPlant plant = new SimulatedPlant(root, "line", "200ms", 2);
             Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), mqttPort);
             MqttWatcher backend = MqttWatcher.backOffice(pki, mqttPort)) {
            final Map<String, String> config = GatewaySettings.forBroker("refused-gw", root, plant.adapters(), pki,
                    mqttPort, "v5");
            // a topic the broker's policy (dt/fieldgate/<client>/#) does not cover
            config.put("fieldgate.uplink.telemetry-topic", "dt/plant7/{gateway}/{device}/telemetry");
            config.put("quarkus.http.port", Integer.toString(webPort));
            try (GatewayProcess gateway = GatewayProcess.start(config)) {
                final WebSession admin = WebSession.firstAdmin(gateway, webPort);

                await().atMost(Duration.ofSeconds(30)).until(() ->
                        admin.request().get("/api/status").jsonPath().getInt("buffer.refused") >= 20);
                final var listed = admin.request().get("/api/buffer/refused?max=5").then().statusCode(200).extract().jsonPath();
                assertThat(listed.getList("messages")).hasSize(5);
                assertThat(listed.getString("messages[0].topic")).startsWith("dt/plant7/refused-gw/line-");
                assertThat(listed.getString("messages[0].reason")).contains("NOT_AUTHORIZED");
                assertThat(backend.received()).as("nothing got past the policy").isEmpty();
                assertThat(gateway.output().lines().filter(l -> l.contains("Broker refused")).count())
                        .as("refusals are reported, not logged one by one").isBetween(1L, 2L);
                assertThat(gateway.output()).doesNotContain("PRIVATE KEY");

                // the operator fixes the policy; the broker restarts with it and the gateway reconnects
                mosquitto.stop();
                mosquitto.allowWrite("dt/plant7/%u/#");
                mosquitto.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> !backend.received().isEmpty());
                final int kept = admin.request().get("/api/buffer/refused").jsonPath().getInt("kept");
                assertThat(kept).isGreaterThanOrEqualTo(20);

                admin.request().post("/api/buffer/refused/resend").then().statusCode(200);
                final Set<String> accepted = gateway.accepted();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(backend.received().stream().map(CapturedMessage::messageId).collect(Collectors.toSet()))
                                .as("every accepted message, the refused ones included").containsAll(accepted));
                assertThat(admin.request().get("/api/buffer/refused").jsonPath().getInt("kept")).isZero();
            }
        }
    }
}
