package dev.fieldgate;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.MqttWatcher;
import dev.fieldgate.rig.Ports;
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
 * The plant side through Quarkus MQTT messaging, against a second Mosquitto playing the plant's own broker:
 * a device that publishes JSON there becomes telemetry upstream, every reading is mirrored back for local
 * consumers, and both survive the plant broker going away and coming back.
 */
@Tag("interop")
class PlantMqttInteropIT {

    @TempDir
    Path root;

    @Test
    void should_read_a_plant_device_mirror_readings_and_survive_the_plant_broker_restarting() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, "plant-gw");
        final int upstreamPort = Ports.free();
        final int plantPort = Ports.free();
        final Path adapters = Files.createDirectories(root.resolve("adapters"));
        Files.writeString(adapters.resolve("boiler.yaml"), String.join("\n",
                "kind: mqtt",
                "connection: {topic: plant/boiler-3/status, timeout: 30s}",
                "device:",
                "  id: boiler-3",
                "  parser: {type: json}",
                "  points:",
                "    - {name: temperature, field: /temp, unit: °C}",
                "    - {name: state, field: /state}",
                "    - {name: pressure, field: /p/bar, scale: 100, unit: kPa}", ""));
        final Map<String, String> config = GatewaySettings.forBroker("plant-gw", root, adapters, pki, upstreamPort, "v5");
        config.put("fieldgate.plant-mqtt.enabled", "true");
        config.put("fieldgate.plant-mqtt.port", Integer.toString(plantPort));
        config.put("fieldgate.plant-mqtt.subscribe", "plant/#");
        config.put("fieldgate.plant-mqtt.mirror", "true");
        try (Mosquitto upstream = new Mosquitto(pki.dir(), root.resolve("upstream"), upstreamPort);
             Mosquitto plant = Mosquitto.plain(root.resolve("plant"), plantPort);
             MqttWatcher backend = MqttWatcher.backOffice(pki, upstreamPort);
             GatewayProcess gateway = GatewayProcess.start(config)) {
            final Mqtt3AsyncClient local = Mqtt3Client.builder().identifier("plant-hmi").serverHost("localhost")
                    .serverPort(plantPort).automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS)
                    .maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect().buildAsync();
            final List<CapturedMessage> mirrored = new CopyOnWriteArrayList<>();
            local.publishes(MqttGlobalPublishFilter.ALL,
                    p -> mirrored.add(new CapturedMessage(p.getTopic().toString(), p.getPayloadAsBytes())));
            local.connectWith().cleanSession(false).send().get(10, TimeUnit.SECONDS);
            local.subscribeWith().topicFilter("fieldgate/#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().contains("Reading boiler-3 from the plant broker"));
            // the device publishes until the gateway's subscription is in place
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                publish(local, "{\"temp\": 71.5, \"state\": \"RUN\", \"p\": {\"bar\": 1.25}}");
                return !backend.receivedFor("boiler-3").isEmpty();
            });
            final CapturedMessage first = backend.receivedFor("boiler-3").get(0);
            assertThat(first.topic()).isEqualTo("dt/fieldgate/plant-gw/boiler-3/telemetry");
            assertThat(first.json().path("readings").toString()).contains("\"point\":\"temperature\",\"value\":71.5")
                    .contains("\"value\":\"RUN\"").contains("\"value\":125.0");
            await().atMost(Duration.ofSeconds(20)).until(() -> mirrored.stream()
                    .anyMatch(m -> m.topic().equals("fieldgate/plant-gw/boiler-3/temperature")
                            && m.json().path("value").asDouble() == 71.5));

            // garbage on the device's topic is dropped; the next good message goes through
            publish(local, "not json {");
            publish(local, "{\"temp\": 72.0}");
            await().atMost(Duration.ofSeconds(20)).until(() -> backend.receivedFor("boiler-3").stream()
                    .anyMatch(m -> m.json().path("readings").toString().contains("72.0")));

            // the plant broker goes away and comes back: the connector reconnects and resubscribes
            plant.stop();
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            plant.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                publish(local, "{\"temp\": 88.25}");
                return backend.receivedFor("boiler-3").stream()
                        .anyMatch(m -> m.json().path("readings").toString().contains("88.25"));
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> mirrored.stream()
                    .anyMatch(m -> m.topic().equals("fieldgate/plant-gw/boiler-3/temperature")
                            && m.json().path("value").asDouble() == 88.25));
            assertThat(gateway.output()).doesNotContain("PRIVATE KEY");
            local.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    private static void publish(final Mqtt3AsyncClient client, final String payload) {
        client.publishWith().topic("plant/boiler-3/status").qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }
}
