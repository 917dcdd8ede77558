package dev.fieldgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.CloudSide;
import dev.fieldgate.rig.ExternalProcess;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.ShadowCloudDouble;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow and command round trips through Debian's Mosquitto to the pymodbus simulator, with the packaged
 * gateway on MQTT 5: the cloud side (shadow service double, operations) sets desired state and sends
 * commands, the simulator's registers change, replies and reported state come back; and a command sent
 * while the gateway is away is run once when it is back.
 */
@Tag("interop")
class ShadowCommandInteropIT {

    private static final String THING = "shadow-gw-pump-1";
    private static final String REQUEST = "cmd/fieldgate/shadow-gw/pump-1/req";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void should_round_trip_desired_state_and_commands_to_the_simulator() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, "shadow-gw");
        final int mqttPort = Ports.free();
        final int modbusPort = Ports.free();
        final Path adapters = Files.createDirectories(root.resolve("adapters"));
        Files.writeString(adapters.resolve("pumps.yaml"), String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: 127.0.0.1, port: " + modbusPort + ", timeout: 500ms}",
                "defaults: {interval: 300ms}",
                "devices:",
                "  - id: pump-1",
                "    unit-id: 1",
                "    points:",
                "      - {name: counter, register-type: holding-register, address: 0, shadow: false}",
                "      - {name: setpoint, register-type: holding-register, address: 20, data-type: float32,"
                        + " writable: true, min: 0, max: 100}",
                "      - {name: enable, register-type: coil, address: 1, writable: true}",
                "      - {name: temperature, register-type: input-register, address: 0, data-type: int16, scale: 0.1,"
                        + " deadband: 0.5}",
                ""));
        final Map<String, String> config = GatewaySettings.forBroker("shadow-gw", root, adapters, pki, mqttPort, "v5");
        config.put("fieldgate.shadow.report-interval", "300ms");
        try (Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), mqttPort);
             ExternalProcess sim = ExternalProcess.start("modbus-sim", List.of("/usr/bin/python3",
                     Path.of("src/test/interop/modbus-sim.py").toAbsolutePath().toString(), "--tcp-port",
                     Integer.toString(modbusPort), "--units", "1", "--period", "0.1"))
                     .awaitLine("READY", Duration.ofSeconds(20));
             CloudSide cloud = new CloudSide(mqttPort, pki.caFile(), pki.dir().resolve("backend.pem"),
                     pki.dir().resolve("backend.key"))) {
            final ShadowCloudDouble shadows = cloud.shadows();
            GatewayProcess gateway = GatewayProcess.start(config);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> shadows.document(THING, "points") != null
                        && shadows.document(THING, "points").reported().path("points").has("temperature"));
                assertThat(shadows.document(THING, "points").reported().path("points").has("counter"))
                        .as("points configured out of the shadow stay out").isFalse();

                // desired state from the cloud becomes a Modbus write, read back and reported
                shadows.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"setpoint\":42.5,\"enable\":true}}}}");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    final JsonNode reported = shadows.document(THING, "points").reported();
                    assertThat(reported.path("points").path("setpoint").asDouble()).isEqualTo(42.5);
                    assertThat(reported.path("points").path("enable").asBoolean()).isTrue();
                    assertThat(reported.path("writes").path("setpoint").path("status").asText()).isEqualTo("DONE");
                });

                // a command reads the register straight from the simulator
                cloud.command(REQUEST, "{\"session-id\":\"read-1\",\"op\":\"read\",\"points\":[\"setpoint\",\"enable\"]}");
                await().atMost(Duration.ofSeconds(20)).until(() -> cloud.reply("read-1") != null);
                final JsonNode read = cloud.reply("read-1").json();
                assertThat(read.path("result").path("points").path("setpoint").path("value").asDouble()).isEqualTo(42.5);
                assertThat(cloud.reply("read-1").topic()).isEqualTo("cmd/fieldgate/shadow-gw/pump-1/res");

                mqtt5RequestWithResponseTopicAndCorrelation(pki, mqttPort);

                // the gateway is away: a command and a desired change wait at the broker and in the cloud
                gateway.close();
                cloud.command(REQUEST, "{\"session-id\":\"offline-1\",\"op\":\"write\",\"points\":{\"setpoint\":17}}");
                shadows.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"enable\":false}}}}");
                gateway = GatewayProcess.start(config);
                await().atMost(Duration.ofSeconds(60)).until(() -> cloud.reply("offline-1") != null);
                assertThat(cloud.reply("offline-1").json().path("status").asText()).isEqualTo("SUCCEEDED");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    final JsonNode reported = shadows.document(THING, "points").reported();
                    assertThat(reported.path("points").path("enable").asBoolean()).isFalse();
                    assertThat(reported.path("points").path("setpoint").asDouble()).isEqualTo(17.0);
                });
                // sent again (as a redelivery would): answered from the log, not run again
                cloud.command(REQUEST, "{\"session-id\":\"offline-1\",\"op\":\"write\",\"points\":{\"setpoint\":17}}");
                await().atMost(Duration.ofSeconds(20)).until(() -> cloud.replies().stream()
                        .filter(m -> "offline-1".equals(m.json().path("session-id").asText())).count() == 2);
                assertThat(gateway.output()).containsOnlyOnce("Command offline-1: write on pump-1")
                        .doesNotContain("PRIVATE KEY");
                assertThat(sim.output()).doesNotContain("Traceback");
            } finally {
                gateway.close();
            }
        }
    }

    /**
     * An MQTT 5 requester names its reply topic and correlation data in properties, not in the payload; the
     * reply topic lies where the gateway's policy lets it publish.
     */
    private static void mqtt5RequestWithResponseTopicAndCorrelation(final DemoPki pki, final int port) throws Exception {
        final Mqtt5AsyncClient ops = Mqtt5Client.builder().identifier("ops-" + System.nanoTime())
                .serverHost("localhost").serverPort(port)
                .sslConfig(ClientTls.of(pki.caFile(), pki.dir().resolve("backend.pem"), pki.dir().resolve("backend.key")))
                .buildAsync();
        final List<Mqtt5Publish> got = new CopyOnWriteArrayList<>();
        ops.publishes(MqttGlobalPublishFilter.ALL, got::add);
        ops.connect().get(10, TimeUnit.SECONDS);
        try {
            ops.subscribeWith().topicFilter("cmd/fieldgate/shadow-gw/pump-1/res/#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
            ops.publishWith().topic(REQUEST).qos(MqttQos.AT_LEAST_ONCE)
                    .responseTopic("cmd/fieldgate/shadow-gw/pump-1/res/console-7")
                    .correlationData("corr-42".getBytes(StandardCharsets.UTF_8))
                    .payload("{\"session-id\":\"status-1\",\"op\":\"status\"}".getBytes(StandardCharsets.UTF_8))
                    .send().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
            final Mqtt5Publish reply = got.get(0);
            assertThat(reply.getTopic().toString()).isEqualTo("cmd/fieldgate/shadow-gw/pump-1/res/console-7");
            assertThat(new String(reply.getCorrelationData().map(b -> {
                final byte[] a = new byte[b.remaining()];
                b.get(a);
                return a;
            }).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("corr-42");
            final JsonNode body = JSON.readTree(reply.getPayloadAsBytes());
            assertThat(body.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(body.path("result").path("reachable").asBoolean()).isTrue();
        } finally {
            ops.disconnect().get(5, TimeUnit.SECONDS);
        }
    }
}
