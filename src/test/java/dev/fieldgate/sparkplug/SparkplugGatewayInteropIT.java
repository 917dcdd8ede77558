package dev.fieldgate.sparkplug;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.demo.SimulatedModbusServer;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.MqttWatcher;
import dev.fieldgate.rig.Ports;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway as a Sparkplug edge node, configured only through {@code fieldgate.sparkplug.*}: it waits for
 * its primary host, births its devices, takes a DCMD write to a j2mod slave, keeps sending telemetry upstream while
 * the host is offline, and when the process is killed the plant broker delivers its NDEATH with the bdSeq of the
 * birth; started again, it goes on counting bdSeq.
 */
@Tag("interop")
class SparkplugGatewayInteropIT {

    @TempDir
    Path root;

    @Test
    void should_be_an_edge_node_from_configuration_alone_and_die_with_the_right_bdseq() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, "sp-gw");
        final int upstreamPort = Ports.free();
        final int plantPort = Ports.free();
        final int modbusPort = Ports.free();
        final Path adapters = Files.createDirectories(root.resolve("adapters"));
        Files.writeString(adapters.resolve("line.yaml"), String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: 127.0.0.1, port: " + modbusPort + ", timeout: 300ms}",
                "devices:",
                "  - id: line-plc",
                "    unit-id: 1",
                "    points:",
                "      - {name: counter, register-type: holding-register, address: 0, data-type: uint16, interval: 200ms}",
                "      - {name: speed-ref, register-type: holding-register, address: 10, data-type: float32,"
                        + " writable: true, min: 0, max: 120, unit: m/min, interval: 200ms}", ""));
        final AdapterDefinition adapter = new AdapterLoader(ProfileCatalog.empty(), id -> { })
                .loadDirectory(adapters).adapters().get(0);
        final Map<String, String> config = GatewaySettings.forBroker("sp-gw", root, adapters, pki, upstreamPort, "v5");
        config.put("fieldgate.sparkplug.enabled", "true");
        config.put("fieldgate.sparkplug.group-id", "plant");
        config.put("fieldgate.sparkplug.primary-host-id", "scada");
        config.put("fieldgate.sparkplug.dcmd-writes", "true");
        config.put("fieldgate.plant-mqtt.port", Integer.toString(plantPort));
        try (Mosquitto upstream = new Mosquitto(pki.dir(), root.resolve("upstream"), upstreamPort);
             Mosquitto plant = Mosquitto.plain(root.resolve("plant"), plantPort);
             SimulatedModbusServer slave = SimulatedModbusServer.start(modbusPort, adapter.devices());
             MqttWatcher backend = MqttWatcher.backOffice(pki, upstreamPort);
             HostApplicationDouble host = new HostApplicationDouble(plantPort, "plant", "sp-gw", "scada")) {
            final Point counter = adapter.devices().get(0).points().get(0);
            final Point speedRef = adapter.devices().get(0).points().get(1);
            final GatewayProcess gateway = GatewayProcess.start(config);
            try {
                await().atMost(Duration.ofSeconds(60)).until(gateway::started);
                await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
                assertThat(host.received()).as("no birth before the primary host is online").isEmpty();

                host.state(true);
                until(host, () -> !host.received(MessageType.DBIRTH).isEmpty());
                assertThat(host.received(MessageType.DBIRTH).get(0).device()).hasValue("line-plc");
                assertThat(host.values("line-plc")).containsKeys("counter", "speed-ref");

                host.writeByAlias("line-plc", "speed-ref", MetricType.FLOAT, 33.5);
                until(host, () -> Double.valueOf(33.5).equals(slave.value(1, speedRef)));
                until(host, () -> Double.valueOf(33.5).equals(host.values("line-plc").get("speed-ref")));

                // the primary host goes away: the node dies on the plant broker, telemetry goes on upstream
                host.state(false);
                until(host, () -> !host.nodeOnline());
                final int upstreamBefore = backend.receivedFor("line-plc").size();
                slave.set(1, counter, 4242);
                until(host, () -> backend.receivedFor("line-plc").size() > upstreamBefore
                        && backend.receivedFor("line-plc").stream().anyMatch(m -> m.json().toString().contains("4242")));
                host.state(true);
                until(host, () -> host.nodeOnline() && Long.valueOf(4242).equals(host.values("line-plc").get("counter")));
                // and what changed on the plant while the host was away follows the births as history
                until(host, () -> host.history().stream().anyMatch(p -> p.metric().equals("counter")
                        && Long.valueOf(4242).equals(p.value())));

                final long bdSeq = host.bdSeq();
                gateway.kill9();
                until(host, () -> host.deaths().contains(bdSeq));
                assertThat(gateway.output()).doesNotContain("Exception in");
            } finally {
                gateway.close();
            }
            // restarted, the node goes on counting: its birth can never share a number with the dead session's will
            final long before = host.bdSeq();
            try (GatewayProcess again = GatewayProcess.start(config)) {
                until(host, () -> host.nodeOnline() && host.bdSeq() == before + 1);
                // held data survive a kill -9: the host goes away, a value changes, the process dies
                host.state(false);
                until(host, () -> !host.nodeOnline());
                slave.set(1, counter, 5151);
                until(host, () -> Files.isDirectory(root.resolve("data").resolve("sparkplug-buffer")));
                await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true);
                again.kill9();
            }
            try (GatewayProcess third = GatewayProcess.start(config)) {
                host.state(true);
                until(host, () -> host.history().stream().anyMatch(p -> p.metric().equals("counter")
                        && Long.valueOf(5151).equals(p.value())));
            }
            assertThat(Files.getPosixFilePermissions(root.resolve("data").resolve("sparkplug-buffer")))
                    .as("owner-only, as the rest of the data directory")
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);
            assertThat(host.violations()).as(host.trace().toString()).isEmpty();
        }
    }

    private static void until(final HostApplicationDouble host, final Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(30)).until(condition);
        } catch (final ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; host received " + host.trace() + ", violations "
                    + host.violations(), e);
        }
    }
}
