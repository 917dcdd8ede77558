package dev.fieldgate;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.CompactDecoder;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.SimulatedPlant;
import dev.fieldgate.rig.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway in the compact encoding with deflate, through a broker outage: what reaches the broker
 * is decoded with nothing but the published descriptor set, as a consumer in the cloud would, and holds every
 * message the gateway accepted, each device's in order, backlog marked, every alias resolved.
 */
class CompactTelemetryIT {

    @TempDir
    Path root;

    @Test
    void should_deliver_every_accepted_message_decodable_from_the_published_descriptor() throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Compact CA");
        pki.issueClient("gateway", "compact-gw");
        try (SimulatedPlant plant = new SimulatedPlant(root, "c", "100ms", 3);
             TestBroker broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"))) {
            broker.stop();   // away at first: a backlog forms, then drains alongside live data
            final Map<String, String> config = GatewaySettings.forBroker("compact-gw", root, plant.adapters(), pki,
                    broker.port(), "v3");
            config.put("fieldgate.uplink.encoding", "compact");
            config.put("fieldgate.uplink.compression", "deflate");
            try (GatewayProcess gateway = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> gateway.accepted().size() >= 150);
                broker.start();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(delivered(broker.all())).containsAll(gateway.accepted()));
                assertThat(gateway.output()).doesNotContain(" ERROR ");
            }
            final List<CapturedMessage> all = broker.all();
            final CompactDecoder decoder = new CompactDecoder();
            learnSchemas(decoder, all);
            final Map<String, CompactDecoder.Batch> byId = decode(decoder, all);
            final Map<String, Set<Long>> firstSeen = new HashMap<>();
            final Map<String, List<Long>> perLane = new HashMap<>();
            for (final Map.Entry<String, CompactDecoder.Batch> e : byId.entrySet()) {
                final CompactDecoder.Reading r = e.getValue().readings().get(0);
                assertThat(r.point()).isEqualTo("n");
                assertThat(r.quality()).isEqualTo("good");
                assertThat(r.value()).isInstanceOf(Long.class);
            }
            boolean backlog = false;
            boolean compressed = false;
            for (final CapturedMessage m : all) {
                if (m.topic().endsWith("/telemetry")) {
                    final CompactDecoder.Publish p = decoder.decode(m.payload());
                    backlog |= p.backlog();
                    compressed |= p.compressed();
                    final String device = m.topic().split("/")[3];
                    for (final CompactDecoder.Batch b : p.batches()) {
                        final long seq = Long.parseLong(b.messageId().substring(b.messageId().indexOf('-') + 1));
                        if (firstSeen.computeIfAbsent(device, d -> new HashSet<>()).add(seq)) {
                            perLane.computeIfAbsent(device + (p.backlog() ? " (backlog)" : " (live)"),
                                    l -> new ArrayList<>()).add(seq);
                        }
                    }
                }
            }
            assertThat(backlog).as("a backlog publish arrived marked").isTrue();
            assertThat(compressed).as("joined publishes went deflated").isTrue();
            assertThat(firstSeen).containsOnlyKeys("c-1", "c-2", "c-3");
            perLane.forEach((lane, seqs) -> assertThat(seqs).as("order of %s, duplicates dropped", lane).isSorted());
        }
    }

    @Test
    void should_send_a_point_that_does_not_move_once_and_then_at_its_heartbeat() throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Exception CA");
        pki.issueClient("gateway", "rbe-gw");
        try (SimulatedPlant plant = new SimulatedPlant(root, "s", "100ms", 2);
             TestBroker broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"))) {
            // the simulated registers hold still: every poll after the first says nothing new
            final Path file = plant.adapters().resolve("plant.yaml");
            Files.writeString(file, Files.readString(file).replace("defaults: {interval: 100ms}",
                    "defaults: {interval: 100ms, report: on-change, heartbeat: 2s}"));
            final Map<String, String> config = GatewaySettings.forBroker("rbe-gw", root, plant.adapters(), pki,
                    broker.port(), "v3");
            try (GatewayProcess gateway = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> broker.receivedFor("s-1").size() >= 1);
                final long start = System.nanoTime();
                await().pollDelay(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(8)).until(() -> true);
                final double seconds = (System.nanoTime() - start) / 1e9;
                for (final String device : List.of("s-1", "s-2")) {
                    // about 70 polls: the first message, then one every 2 s
                    assertThat(broker.receivedFor(device).size()).as(device).isBetween(3, (int) (seconds / 2) + 2);
                }
            }
        }
    }

    /** The ids of every message that arrived; tables first, as a consumer that keeps them by id does. */
    private static Set<String> delivered(final List<CapturedMessage> all) {
        final CompactDecoder decoder = new CompactDecoder();
        final Set<String> ids = learnSchemas(decoder, all);
        decode(decoder, all).keySet().forEach(ids::add);
        return ids;
    }

    /** Every batch that arrived, by message id. */
    private static Map<String, CompactDecoder.Batch> decode(final CompactDecoder decoder,
                                                            final List<CapturedMessage> all) {
        final Map<String, CompactDecoder.Batch> out = new HashMap<>();
        for (final CapturedMessage m : all) {
            if (m.topic().endsWith("/telemetry")) {
                decoder.decode(m.payload()).batches().forEach(b -> out.put(b.messageId(), b));
            }
        }
        return out;
    }

    /** @return the message ids of the tables */
    private static Set<String> learnSchemas(final CompactDecoder decoder, final List<CapturedMessage> all) {
        final Set<String> seen = new HashSet<>();
        final Set<String> ids = new HashSet<>();
        for (final CapturedMessage m : all) {
            if (m.topic().endsWith("/schema")) {
                final List<String> schemas = decoder.decode(m.payload()).schemas();
                assertThat(schemas).isNotEmpty();
                ids.addAll(schemas);
                seen.add(m.topic().split("/")[3]);
            }
        }
        assertThat(seen).as("every device's table was published").containsExactlyInAnyOrder("c-1", "c-2", "c-3");
        return ids;
    }
}
