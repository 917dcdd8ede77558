package dev.fieldgate;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.demo.SimulatedModbusServer;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The plant that broke the gateway: 200 devices x 100 holding registers every 100 ms (200,000 readings/s
 * scheduled, more than two shared cores can buffer durably), through 20 Modbus TCP connections, for two
 * minutes, on the JVM options every start path ships ({@code jvm.options}: a 96 MiB heap) and Mosquitto with
 * mutual TLS. It passes only if no OutOfMemoryError occurs, accepted readings keep flowing in every stretch
 * of the run, the polls the buffer could not take are counted as overruns, liveness stays UP, and every
 * message the outbox accepted reached the broker or is still stored after the stop.
 */
@Tag("interop")
class OverloadIT {

    private static final int CONNECTIONS = 20;
    private static final int DEVICES_PER_CONNECTION = 10;
    private static final int REGISTERS = 100;
    private static final Duration RUN = Duration.ofMinutes(2);
    private static final Duration STRETCH = Duration.ofSeconds(20);
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([0-9a-f]+)-(\\d+)\"");

    @TempDir
    Path root;

    @Test
    void should_survive_the_200_x_100_plant_at_the_shipped_heap_with_back_pressure_and_nothing_lost() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, "overload-gw");
        final int port = Ports.free();
        final int http = Ports.free();
        final List<SimulatedModbusServer> servers = startPlant();
        try (Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), port);
             IdCounter backOffice = new IdCounter(pki, port)) {
            final Map<String, String> config = GatewaySettings.forBroker("overload-gw", root, root.resolve("adapters"),
                    pki, port, "v5");
            config.put("fieldgate.uplink.profile", "unlimited");
            config.put("quarkus.http.port", Integer.toString(http));
            final List<Double> accepted = new ArrayList<>();
            try (GatewayProcess gateway = GatewayProcess.start(config, List.of("@" + Path.of("jvm.options").toAbsolutePath()),
                    false)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> backOffice.count() > 100);
                final long end = System.nanoTime() + RUN.toNanos();
                accepted.add(metric(http, "fieldgate_readings_accepted_total"));
                while (System.nanoTime() < end) {
                    await().pollDelay(STRETCH).atMost(STRETCH.plusSeconds(5)).until(() -> true);
                    accepted.add(metric(http, "fieldgate_readings_accepted_total"));
                    assertThat(gateway.output()).doesNotContain("OutOfMemoryError");
                }
                final double overruns = metric(http, "fieldgate_poll_overruns_total");
                final String live = get(http, "/q/health/live");
                assertThat(live).contains("\"status\": \"UP\"");
                assertThat(overruns).as("skipped polls are counted").isGreaterThan(0);
                for (int i = 1; i < accepted.size(); i++) {
                    // at least 1,000 readings/s accepted in every stretch: the gateway keeps working under overload
                    assertThat(accepted.get(i) - accepted.get(i - 1)).as("readings accepted in stretch %d", i)
                            .isGreaterThan(1_000.0 * STRETCH.toSeconds());
                }
                System.out.printf("overload: %.0f readings/s accepted on average, %.0f overruns%n",
                        (accepted.get(accepted.size() - 1) - accepted.get(0)) / RUN.toSeconds(), overruns);
            }
            servers.forEach(SimulatedModbusServer::close);
            assertNothingAcceptedIsLost(backOffice);
        } finally {
            servers.forEach(SimulatedModbusServer::close);
        }
    }

    /** What the outbox accepted got ids 1..last in one epoch: each one reached the broker or is still stored. */
    private void assertNothingAcceptedIsLost(final IdCounter backOffice) {
        try (H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(root.resolve("data/buffer")).build())) {
            final long last = outbox.lastId();
            final BitSet seen = backOffice.ids();
            final List<OutboxEntry> stored = outbox.readAfter(0, Integer.MAX_VALUE);
            stored.forEach(e -> seen.set((int) e.id()));
            assertThat(last).as("messages accepted").isGreaterThan(1000);
            assertThat(seen.nextClearBit(1)).as("first accepted message neither delivered nor stored")
                    .isGreaterThan((int) last);
        }
    }

    private List<SimulatedModbusServer> startPlant() throws Exception {
        final Path adapters = Files.createDirectories(root.resolve("adapters"));
        final List<SimulatedModbusServer> servers = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            final int port = Ports.free();
            final StringBuilder yaml = new StringBuilder(String.join("\n", "kind: modbus-tcp",
                    "connection: {host: 127.0.0.1, port: " + port + "}", "defaults: {interval: 100ms}", "devices:", ""));
            for (int unit = 1; unit <= DEVICES_PER_CONNECTION; unit++) {
                yaml.append("  - id: c").append(c).append("-u").append(unit).append("\n    unit-id: ").append(unit)
                        .append("\n    points:\n");
                for (int r = 0; r < REGISTERS; r++) {
                    yaml.append("      - {name: hr").append(r).append(", register-type: holding-register, address: ")
                            .append(r).append("}\n");
                }
            }
            final Path file = adapters.resolve("line-" + c + ".yaml");
            Files.writeString(file, yaml);
            servers.add(SimulatedModbusServer.start(port, new AdapterLoader(ProfileCatalog.empty(), id -> { })
                    .parse(file.getFileName().toString(), "line-" + c, yaml.toString()).devices()));
        }
        return servers;
    }

    private static double metric(final int http, final String name) throws Exception {
        double sum = 0;
        for (final String line : get(http, "/q/metrics").split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String get(final int http, final String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The back office: records the outbox id of every message it receives, nothing else (memory stays small). */
    private static final class IdCounter implements AutoCloseable {
        private final Mqtt5AsyncClient client;
        private final BitSet ids = new BitSet();
        private long count;

        IdCounter(final DemoPki pki, final int port) throws Exception {
            client = ClientTls.builder("overload-office", port, pki.caFile(), pki.dir().resolve("backend.pem"),
                    pki.dir().resolve("backend.key")).useMqttVersion5().buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, p -> record(p.getPayloadAsBytes()));
            client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter("dt/#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        }

        private synchronized void record(final byte[] payload) {
            final Matcher m = MESSAGE_ID.matcher(new String(payload, StandardCharsets.UTF_8));
            while (m.find()) {
                ids.set(Integer.parseInt(m.group(2)));
                count++;
            }
        }

        synchronized long count() {
            return count;
        }

        synchronized BitSet ids() {
            return (BitSet) ids.clone();
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}
