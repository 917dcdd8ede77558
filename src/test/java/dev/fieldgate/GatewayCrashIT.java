package dev.fieldgate;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.Delivery;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.TestBroker;
import dev.fieldgate.rig.SimulatedPlant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway is killed with SIGKILL while it drains a backlog built during a broker outage;
 * after a restart every message it had accepted reaches the broker, in order per device.
 */
class GatewayCrashIT {

    @TempDir
    Path root;

    @Test
    void should_lose_nothing_accepted_when_killed_during_the_drain() throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Crash CA");
        pki.issueClient("gateway", "crash-gateway");
        try (SimulatedPlant plant = new SimulatedPlant(root, "fast", "50ms", 2);
             TestBroker broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"))) {
            broker.stop();   // the cloud is away from the start: everything goes through the backlog
            final Map<String, String> config = GatewaySettings.forBroker("crash-gateway", root, plant.adapters(), pki,
                    broker.port(), "v3");
            config.put("fieldgate.uplink.reconnect-max", "500ms");
            // Batches would carry the whole backlog of a device in one publish and the drain would be over
            // before the kill: 1 KiB messages hold about four readings, and 20 publishes/s (half of them for
            // the 40 live readings/s) drain the backlog at some 40 readings/s, for seconds.
            config.put("fieldgate.uplink.max-publish-rate", "20");
            config.put("fieldgate.uplink.max-message-size", "1K");

            final Set<String> accepted = new HashSet<>();
            final GatewayProcess first = GatewayProcess.start(config);
            try {
                await().atMost(Duration.ofSeconds(60)).until(first::started);
                // 2 devices x 20 polls/s: a backlog of a few hundred messages
                await().atMost(Duration.ofSeconds(30)).until(() -> first.accepted().size() >= 300);
                broker.start();
                // kill the drain part-way through
                await().atMost(Duration.ofSeconds(30)).until(() -> broker.received().size() >= 80);
                first.kill9();
                assertThat(first.exitCode()).isEqualTo(137);
                accepted.addAll(first.accepted());
            } finally {
                first.close();
            }
            assertThat(broker.received().size()).as("killed mid-drain").isLessThan(accepted.size());

            try (GatewayProcess second = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    final Set<String> delivered = broker.received().stream().map(CapturedMessage::messageId)
                            .collect(Collectors.toSet());
                    assertThat(delivered).containsAll(accepted);
                });
                assertThat(second.output()).doesNotContain("PRIVATE KEY");
                assertOwnerOnly(root.resolve("data"));
            }
            assertThat(Delivery.assertInOrderPerDevice(broker.received())).containsKeys("fast-1", "fast-2");
        }
    }

    /** The buffer, accounts, shadows and command log are the gateway user's alone (0700 directories, 0600 stores). */
    private static void assertOwnerOnly(final Path data) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        try (Stream<Path> all = Files.walk(data)) {
            final List<Path> stores = all.filter(p -> p.toString().endsWith(".mv.db")).toList();
            assertThat(stores).isNotEmpty();
            for (final Path store : stores) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).as(store.toString())
                        .isEqualTo("rw-------");
            }
        }
    }
}
