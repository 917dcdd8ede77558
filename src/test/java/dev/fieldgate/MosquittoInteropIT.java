package dev.fieldgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.Delivery;
import dev.fieldgate.rig.ExternalProcess;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.MqttWatcher;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.TestUplinkConfig;
import dev.fieldgate.uplink.PublishRefusedException;
import dev.fieldgate.uplink.hivemq.HivemqUplink;
import dev.fieldgate.util.PemTls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway configured only through properties, against Debian's Mosquitto requiring client
 * certificates and the pymodbus simulator of the test rig. Fails when either is not installed.
 */
@Tag("interop")
class MosquittoInteropIT {

    /** As long as the foundation issue's acceptance test asks for. */
    private static final Duration OUTAGE = Duration.ofMinutes(1);

    @TempDir
    Path root;

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"v5", "v3"})
    void should_poll_pymodbus_and_deliver_through_mosquitto_across_a_restart(final String version) throws Exception {
        final DemoPki pki = pki();
        final int mqttPort = Ports.free();
        final int modbusPort = Ports.free();
        final Path adapters = Files.createDirectories(root.resolve("adapters"));
        Files.writeString(adapters.resolve("sim.yaml"), String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: 127.0.0.1, port: " + modbusPort + ", timeout: 500ms}",
                "defaults: {interval: 200ms}",
                "devices:",
                "  - id: sim-1",
                "    unit-id: 1",
                "    points: &map",
                "      - {name: counter, register-type: holding-register, address: 0}",
                "      - {name: uptime, register-type: holding-register, address: 1, data-type: uint32}",
                "      - {name: sine-abcd, register-type: holding-register, address: 10, data-type: float32}",
                "      - {name: sine-cdab, register-type: holding-register, address: 12, data-type: float32, word-order: little}",
                "      - {name: temperature, register-type: input-register, address: 0, data-type: int16, scale: 0.1, unit: °C}",
                "      - {name: square, register-type: coil, address: 0}",
                "  - {id: sim-2, unit-id: 2, points: *map}",
                // the simulator does not answer unknown units: a dead unit on the shared connection
                "  - {id: sim-dead, unit-id: 9, points: [{name: counter, register-type: holding-register, address: 0}]}",
                ""));
        try (Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), mqttPort);
             ExternalProcess sim = ExternalProcess.start("modbus-sim", List.of("/usr/bin/python3",
                     Path.of("src/test/interop/modbus-sim.py").toAbsolutePath().toString(), "--tcp-port",
                     Integer.toString(modbusPort), "--units", "1,2", "--period", "0.1"))
                     .awaitLine("READY", Duration.ofSeconds(20));
             MqttWatcher backend = MqttWatcher.backOffice(pki, mqttPort);
             GatewayProcess gateway = GatewayProcess.start(
                     GatewaySettings.forBroker("interop-gw", root, adapters, pki, mqttPort, version))) {

            await().atMost(Duration.ofSeconds(60)).until(() -> backend.receivedFor("sim-1").size() > 5
                    && backend.receivedFor("sim-2").size() > 5);
            final CapturedMessage first = backend.receivedFor("sim-1").get(0);
            assertThat(first.topic()).isEqualTo("dt/fieldgate/interop-gw/sim-1/telemetry");
            for (final CapturedMessage m : backend.receivedFor("sim-2")) {
                // the same sine value stored in both word orders must decode to the same number
                assertThat(value(m.json(), "sine-abcd")).isEqualTo(value(m.json(), "sine-cdab"));
            }
            assertThat(Math.abs(value(backend.receivedFor("sim-2").get(0).json(), "sine-abcd"))).isLessThanOrEqualTo(20.0);
            await().atMost(Duration.ofSeconds(20)).until(() -> !backend.receivedFor("sim-dead").isEmpty());
            assertThat(backend.receivedFor("sim-dead").get(0).json().path("readings").get(0).path("quality").asText())
                    .isEqualTo("bad-timeout");

            // the broker is away for a minute while polling goes on (15 messages/s): the gateway buffers
            mosquitto.stop();
            final int acceptedBefore = gateway.accepted().size();
            await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> true);
            assertThat(gateway.accepted().size() - acceptedBefore).as("buffered during the outage").isGreaterThan(400);
            mosquitto.start();
            final Set<String> accepted = gateway.accepted();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(backend.received().stream().map(CapturedMessage::messageId).collect(Collectors.toSet()))
                            .containsAll(accepted));
            assertThat(Delivery.assertInOrderPerDevice(backend.received())).containsKeys("sim-1", "sim-2");
            assertThat(gateway.output()).doesNotContain("PRIVATE KEY");
            assertThat(sim.output()).doesNotContain("Traceback");
        }
    }

    @Test
    void should_be_refused_without_a_client_certificate() throws Exception {
        final DemoPki pki = pki();
        final int port = Ports.free();
        try (Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), port)) {
            final var client = Mqtt5Client.builder().identifier("anonymous").serverHost("localhost").serverPort(port)
                    .sslConfig(MqttClientSslConfig.builder().trustManagerFactory(PemTls.trustManagers(pki.caFile())).build())
                    .buildBlocking();
            assertThatThrownBy(client::connect).isInstanceOf(RuntimeException.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mosquitto.log())
                    .containsAnyOf("peer did not return a certificate", "certificate required"));
        }
    }

    @Test
    void should_get_a_permanent_refusal_for_a_topic_outside_the_acl_over_mqtt5() throws Exception {
        final DemoPki pki = pki();
        final int port = Ports.free();
        try (Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), port)) {
            final HivemqUplink uplink = new HivemqUplink("interop-gw", TestUplinkConfig.of(port, UplinkConfig.MqttVersion.V5,
                    pki.caFile(), pki.dir().resolve("gateway.pem"), pki.dir().resolve("gateway.key")));
            try {
                uplink.start();
                await().atMost(Duration.ofSeconds(20)).until(uplink::isConnected);
                uplink.publish("dt/fieldgate/interop-gw/ok/telemetry", "{}".getBytes(StandardCharsets.UTF_8), 1)
                        .get(10, TimeUnit.SECONDS);
                assertThatThrownBy(() -> uplink.publish("dt/fieldgate/someone-else/x/telemetry",
                        "{}".getBytes(StandardCharsets.UTF_8), 1).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PublishRefusedException.class)
                        .hasMessageContaining("NOT_AUTHORIZED");
                // Debian's Mosquitto 2.0.11 sometimes drops the connection right after a PUBACK with reason 135
                // ("Bad socket read/write ... Unknown error" in its log): the session must come back by itself and
                // carry the next publish, the refusal stays a refusal and is not retried
                await().atMost(Duration.ofSeconds(10)).until(uplink::isConnected);
                uplink.publish("dt/fieldgate/interop-gw/ok/telemetry", "{}".getBytes(StandardCharsets.UTF_8), 1)
                        .get(10, TimeUnit.SECONDS);
            } finally {
                uplink.close();
            }
        }
    }

    private DemoPki pki() {
        return ClientTls.interopPki(root, "interop-gw");
    }

    private static double value(final JsonNode message, final String point) {
        return StreamSupport.stream(message.path("readings").spliterator(), false)
                .filter(r -> point.equals(r.path("point").asText())).findFirst().orElseThrow()
                .path("value").asDouble();
    }
}
