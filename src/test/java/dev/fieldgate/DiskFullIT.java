package dev.fieldgate;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.Delivery;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.TestBroker;
import dev.fieldgate.rig.SimulatedPlant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway's data directory on a real, small file system (a 24 MiB tmpfs) while the broker is
 * away: the backlog fills it until the free space falls below the reserve. The gateway must then refuse new
 * readings and say so, never let H2 meet the full disk, survive a kill -9 in that state, and deliver every
 * reading it had accepted once the broker is back. Mounting needs root, as in {@code .ci/run}.
 */
@Tag("interop")
class DiskFullIT {

    @TempDir
    Path root;

    @Test
    void should_refuse_new_readings_on_a_full_disk_and_lose_nothing_accepted() throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Disk CA");
        pki.issueClient("gateway", "disk-gw");
        final Path data = Files.createDirectories(root.resolve("data"));
        mount(data, "24m");
        try (SimulatedPlant plant = new SimulatedPlant(root, "disk", "20ms", 2);
             TestBroker broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"))) {
            broker.stop();
            final Map<String, String> config = GatewaySettings.forBroker("disk-gw", root, plant.adapters(), pki,
                    broker.port(), "v3");
            config.put("fieldgate.buffer.min-free-disk", "16M");
            config.put("fieldgate.uplink.reconnect-max", "500ms");
            config.put("fieldgate.uplink.profile", "unlimited");

            final Set<String> accepted = new HashSet<>();
            try (GatewayProcess first = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(first::started);
                await().atMost(Duration.ofSeconds(120)).until(() -> first.output().contains("DISK FULL"));
                final int atFull = first.accepted().size();
                Thread.sleep(2000);
                // free space is read twice a second, at 100 polls/s: at most a second's worth after the log line
                assertThat(first.accepted().size()).as("nothing accepted while the disk is full").isLessThanOrEqualTo(atFull + 100);
                assertThat(first.output()).doesNotContain("Outbox commit failed");
                first.kill9();
                accepted.addAll(first.accepted());
            }
            assertThat(accepted).isNotEmpty();

            broker.start();
            try (GatewayProcess second = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    final Set<String> delivered = broker.received().stream().map(CapturedMessage::messageId)
                            .collect(Collectors.toSet());
                    assertThat(delivered).containsAll(accepted);
                });
                assertThat(second.output()).doesNotContain("OUTBOX FILE DAMAGED").doesNotContain("Outbox commit failed");
            }
            assertThat(Delivery.assertInOrderPerDevice(broker.received())).containsKeys("disk-1", "disk-2");
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    private static void mount(final Path dir, final String size) throws Exception {
        final int exit = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        assertThat(exit).as("mounting a tmpfs at %s (needs root, as .ci/run has)", dir).isZero();
    }

    private static int run(final String... cmd) throws Exception {
        final Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
