package dev.fieldgate;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.Delivery;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.SimulatedPlant;
import dev.fieldgate.rig.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway with a primary and a backup endpoint: the primary goes away, the outbox drains to the
 * backup, the primary comes back and the gateway returns to it. Every accepted message arrives at one broker or
 * the other (a message unacknowledged at the switch may arrive at both: same message id), first copies in order.
 */
class FailoverIT {

    @TempDir
    Path root;

    @Test
    void should_fail_over_to_the_backup_and_return_without_losing_a_reading() throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Failover CA");
        pki.issueClient("gateway", "fo-gw");
        final int primaryPort = Ports.free();
        try (SimulatedPlant plant = new SimulatedPlant(root, "press", "100ms", 2);
             TestBroker backup = new TestBroker(pki.dir(), Ports.free(), root.resolve("backup"))) {
            final TestBroker primary = new TestBroker(pki.dir(), primaryPort, root.resolve("primary"));
            final Map<String, String> config = GatewaySettings.forBroker("fo-gw", root, plant.adapters(), pki,
                    primaryPort, "v3");
            config.put("fieldgate.uplink.failover.endpoints", "localhost:" + backup.port());
            config.put("fieldgate.uplink.failover.after", "2");
            config.put("fieldgate.uplink.failover.probe-primary", "10s");
            config.put("fieldgate.uplink.reconnect-fast-delay", "1s");
            try (GatewayProcess gateway = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> primary.received().size() > 20);

                primary.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> backup.received().size() > 20);
                assertThat(gateway.output()).contains("switching to localhost:" + backup.port());

                primary.start();
                final int onPrimaryBefore = primary.received().size();
                await().atMost(Duration.ofSeconds(40)).until(() -> primary.received().size() > onPrimaryBefore + 20);
                assertThat(gateway.output()).contains("trying the primary localhost:" + primaryPort + " again");

                final Set<String> accepted = gateway.accepted();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(both(primary, backup).stream()
                        .map(CapturedMessage::messageId).collect(Collectors.toSet())).containsAll(accepted));
            } finally {
                primary.close();
            }
            // each broker saw each device's messages in order; a consumer merges them by message id
            assertThat(Delivery.assertInOrderPerDevice(primary.received())).containsKeys("press-1", "press-2");
            assertThat(Delivery.assertInOrderPerDevice(backup.received())).containsKeys("press-1", "press-2");
        }
    }

    /** Every message either broker received. */
    private static List<CapturedMessage> both(final TestBroker primary, final TestBroker backup) {
        final List<CapturedMessage> all = new ArrayList<>(primary.received());
        all.addAll(backup.received());
        return all;
    }
}
