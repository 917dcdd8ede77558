package dev.fieldgate;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.Delivery;
import dev.fieldgate.rig.FaultyLink;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.TestBroker;
import dev.fieldgate.rig.SimulatedPlant;
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
 * The packaged gateway behind a faulty network to its broker: slow, then dead without a word (blackhole), then
 * reset. Every accepted message must arrive, first copies in order per device.
 */
class NetworkFaultIT {

    @TempDir
    Path root;

    @Test
    void should_deliver_everything_through_latency_a_blackhole_and_a_cut() throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Net CA");
        pki.issueClient("gateway", "net-gw");
        try (SimulatedPlant plant = new SimulatedPlant(root, "press", "100ms", 2);
             TestBroker broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"));
             FaultyLink link = new FaultyLink(broker.port())) {
            final Map<String, String> config = GatewaySettings.forBroker("net-gw", root, plant.adapters(), pki,
                    link.port(), "v3");
            config.put("fieldgate.uplink.keep-alive", "5s");   // notice a silent link within seconds
            try (GatewayProcess gateway = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> broker.received().size() > 20);

                link.latency(200);
                final int slow = broker.received().size();
                await().atMost(Duration.ofSeconds(20)).until(() -> broker.received().size() > slow + 20);
                link.latency(0);

                link.blackhole(true);
                final int before = gateway.accepted().size();
                await().pollDelay(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).until(() -> true);
                assertThat(gateway.output()).contains("Uplink to localhost:" + link.port() + " lost");
                assertThat(gateway.accepted().size() - before).as("buffered while the link was dead").isGreaterThan(100);
                link.blackhole(false);
                link.cut();   // the router comes back with fresh state

                final Set<String> accepted = gateway.accepted();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(broker.received().stream().map(CapturedMessage::messageId).collect(Collectors.toSet()))
                                .containsAll(accepted));
            }
            assertThat(Delivery.assertInOrderPerDevice(broker.received())).containsKeys("press-1", "press-2");
        }
    }
}
