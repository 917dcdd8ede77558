package dev.fieldgate;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.util.PemTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command in miniature: the packaged jar in the dev profile, with nothing configured but
 * free ports, brings up its PKI, broker and simulated devices, and readings of every demo device arrive on
 * their topics for a subscriber holding the generated subscriber certificate.
 */
class DemoIT {

    @TempDir
    Path data;

    @Test
    void should_show_readings_of_every_demo_device_within_seconds() throws Exception {
        final int brokerPort = Ports.free();
        try (GatewayProcess demo = GatewayProcess.start(Map.of(
                "quarkus.profile", "dev",
                "fieldgate.data-dir", data.toString(),
                "fieldgate.demo.broker-port", Integer.toString(brokerPort),
                "fieldgate.adapters.dir", Path.of("adapters/demo").toAbsolutePath().toString(),
                "fieldgate.adapters.profiles-dir", Path.of("adapters/profiles").toAbsolutePath().toString()))) {
            await().atMost(Duration.ofSeconds(60)).until(demo::started);
            final Path pki = data.resolve("demo-pki");
            final List<CapturedMessage> received = new CopyOnWriteArrayList<>();
            final Mqtt3AsyncClient watcher = Mqtt3Client.builder().identifier("newcomer").serverHost("localhost")
                    .serverPort(brokerPort)
                    .sslConfig(MqttClientSslConfig.builder()
                            .keyManagerFactory(PemTls.keyManagers(pki.resolve("subscriber.pem"), pki.resolve("subscriber.key")))
                            .trustManagerFactory(PemTls.trustManagers(pki.resolve("ca.pem"))).build())
                    .buildAsync();
            watcher.publishes(MqttGlobalPublishFilter.ALL,
                    p -> received.addAll(CapturedMessage.unpack(p.getTopic().toString(), p.getPayloadAsBytes())));
            watcher.connect().get(10, TimeUnit.SECONDS);
            watcher.subscribeWith().topicFilter("dt/#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(received.stream()
                    .map(CapturedMessage::topic).distinct())
                    .contains("dt/fieldgate/demo-gateway/meter-incomer/telemetry",
                            "dt/fieldgate/demo-gateway/meter-compressor/telemetry",
                            "dt/fieldgate/demo-gateway/cabinet-climate/telemetry",
                            "dt/fieldgate/demo-gateway/conveyor-drive/telemetry",
                            "dt/fieldgate/demo-gateway/line-plc/telemetry"));
            assertThat(received).allSatisfy(m -> assertThat(m.json().path("readings"))
                    .allSatisfy(r -> assertThat(r.path("quality").asText()).isEqualTo("good")));
            watcher.disconnect().get(5, TimeUnit.SECONDS);
            assertThat(demo.output()).contains("mosquitto_sub -h localhost -p " + brokerPort);
        }
    }
}
