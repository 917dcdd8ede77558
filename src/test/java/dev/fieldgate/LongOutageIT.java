package dev.fieldgate;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.Delivery;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.MqttWatcher;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.SimulatedPlant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's Mosquitto is away for three minutes while 20 devices are polled ten times a second (200
 * messages/s), under the default aws-iot-core quota profile. After it returns, every accepted message
 * arrives; the backlog comes marked and in order per device, and live messages arrive while it still drains.
 */
@Tag("interop")
class LongOutageIT {

    private static final Duration OUTAGE = Duration.ofMinutes(3);

    @TempDir
    Path root;

    @Test
    void should_deliver_a_three_minute_backlog_under_load_with_live_data_alongside() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, "outage-gw");
        final int port = Ports.free();
        try (SimulatedPlant plant = new SimulatedPlant(root, "line", "100ms", 20);
             Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), port);
             MqttWatcher backend = MqttWatcher.backOffice(pki, port)) {
            final Map<String, String> config = GatewaySettings.forBroker("outage-gw", root, plant.adapters(), pki, port,
                    "v5");
            try (GatewayProcess gateway = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> backend.received().size() > 100);

                mosquitto.stop();
                final int acceptedBefore = gateway.accepted().size();
                await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> true);
                // 200 messages/s for three minutes, less what the first seconds of the outage took to notice
                assertThat(gateway.accepted().size() - acceptedBefore).as("buffered during the outage").isGreaterThan(30_000);
                mosquitto.start();

                final Set<String> accepted = gateway.accepted();
                await().atMost(Duration.ofSeconds(240)).untilAsserted(() ->
                        assertThat(backend.received().stream().map(CapturedMessage::messageId).collect(Collectors.toSet()))
                                .containsAll(accepted));
                assertThat(gateway.output()).doesNotContain("unacknowledged for");
            }
            final List<CapturedMessage> received = backend.received();
            assertThat(Delivery.assertInOrderPerDevice(received)).hasSize(20);
            final int firstBacklog = indexOf(received, true, 0);
            final int lastBacklog = lastIndexOf(received, true);
            assertThat(firstBacklog).as("a marked backlog arrived").isGreaterThanOrEqualTo(0);
            assertThat(indexOf(received, false, firstBacklog)).as("live messages arrived while the backlog drained")
                    .isBetween(firstBacklog, lastBacklog);
        }
    }

    private static int indexOf(final List<CapturedMessage> received, final boolean backlog, final int from) {
        for (int i = from; i < received.size(); i++) {
            if (received.get(i).backlog() == backlog) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(final List<CapturedMessage> received, final boolean backlog) {
        for (int i = received.size() - 1; i >= 0; i--) {
            if (received.get(i).backlog() == backlog) {
                return i;
            }
        }
        return -1;
    }
}
