package dev.fieldgate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.ExternalProcess;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.MqttWatcher;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.VirtualSerialPair;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The serial field side against real peers on virtual serial ports (socat pty pairs): a pymodbus RTU server
 * with three units on one line, a second one behind a TCP-to-serial bridge (RTU over TCP), and a scripted
 * NMEA sensor that injects noise; everything reaches Mosquitto on per-device topics.
 */
@Tag("interop")
class SerialInteropIT {

    @TempDir
    Path root;

    @ParameterizedTest(name = "{0} baud")
    @ValueSource(ints = {9600, 115200})
    void should_read_rtu_units_an_rtu_over_tcp_device_and_an_nmea_sensor(final int baud) throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Serial CA");
        pki.issueClient("gateway", "serial-gw");
        pki.issueClient("backend", "backend");
        final int mqttPort = Ports.free();
        final int bridgePort = Ports.free();
        final int controlPort = Ports.free();
        final Path adapters = Files.createDirectories(root.resolve("adapters"));
        final String sim = Path.of("src/test/interop/modbus-sim.py").toAbsolutePath().toString();
        final String sensor = Path.of("src/test/interop/serial-sensor.py").toAbsolutePath().toString();
        try (VirtualSerialPair rtu = new VirtualSerialPair(root.resolve("rtuA"), root.resolve("rtuB"));
             VirtualSerialPair bridged = new VirtualSerialPair(root.resolve("srvA"), root.resolve("srvB"));
             VirtualSerialPair gps = new VirtualSerialPair(root.resolve("gpsA"), root.resolve("gpsB"));
             ExternalProcess rtuSim = ExternalProcess.start("rtu-sim", List.of("/usr/bin/python3", sim, "--tcp-port", "0",
                     "--rtu", rtu.b().toString(), "--baud", Integer.toString(baud), "--units", "1,2,3",
                     "--period", "0.2", "--control-port", Integer.toString(controlPort)))
                     .awaitLine("READY", Duration.ofSeconds(20));
             ExternalProcess bridgeSim = ExternalProcess.start("bridge-sim", List.of("/usr/bin/python3", sim,
                     "--tcp-port", "0", "--rtu", bridged.b().toString(), "--baud", Integer.toString(baud), "--units", "5"))
                     .awaitLine("READY", Duration.ofSeconds(20));
             // a serial device server: TCP clients get the raw bytes of the serial port, RTU frames and all
             ExternalProcess server = ExternalProcess.start("serial-server", List.of("/usr/bin/socat",
                     "tcp-listen:" + bridgePort + ",bind=127.0.0.1,reuseaddr,fork", "file:" + bridged.a() + ",raw,echo=0"))
                     .awaitPort(bridgePort, Duration.ofSeconds(10));
             ExternalProcess nmea = ExternalProcess.start("nmea-sensor", List.of("/usr/bin/python3", sensor,
                     gps.b().toString(), "--format", "nmea", "--rate", "10", "--garbage", "0.1", "--bad-checksum", "0.2",
                     "--split", "0.1", "--truncate", "0.05"));
             Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), mqttPort);
             MqttWatcher backend = MqttWatcher.backOffice(pki, mqttPort)) {
            Files.writeString(adapters.resolve("line.yaml"), String.join("\n",
                    "kind: modbus-rtu",
                    "connection: {port: " + rtu.a() + ", baud-rate: " + baud + ", timeout: 300ms}",
                    "defaults: {interval: 200ms}",
                    "devices:",
                    "  - {id: unit-1, unit-id: 1, points: &map [{name: sine, register-type: holding-register, address: 10,"
                            + " data-type: float32}, {name: sine-swapped, register-type: holding-register, address: 12,"
                            + " data-type: float32, word-order: little}, {name: counter, register-type: holding-register,"
                            + " address: 0}]}",
                    "  - {id: unit-2, unit-id: 2, points: *map}",
                    "  - {id: unit-3, unit-id: 3, points: *map}", ""));
            Files.writeString(adapters.resolve("bridge.yaml"), String.join("\n",
                    "kind: modbus-rtu-over-tcp",
                    "connection: {host: 127.0.0.1, port: " + bridgePort + ", timeout: 500ms}",
                    "devices: [{id: bridged-5, unit-id: 5, points: [{name: counter, register-type: holding-register,"
                            + " address: 0, interval: 300ms}]}]", ""));
            Files.writeString(adapters.resolve("gps.yaml"), String.join("\n",
                    "kind: serial-sensor",
                    "connection: {port: " + gps.a() + ", baud-rate: " + baud + "}",
                    "device: {id: gps-1, profile: nmea-gps, interval: 1s}", ""));
            final GatewayProcess gateway = GatewayProcess.start(
                    GatewaySettings.forBroker("serial-gw", root, adapters, pki, mqttPort, "v5"));
            int beforeStop = 0;
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(backend.received().stream()
                        .map(CapturedMessage::device).distinct())
                        .contains("unit-1", "unit-2", "unit-3", "bridged-5", "gps-1"));
                assertThat(backend.receivedFor("unit-2").get(0).topic()).isEqualTo("dt/fieldgate/serial-gw/unit-2/telemetry");
                for (final CapturedMessage m : backend.receivedFor("unit-3")) {
                    if (quality(m.json(), "sine").equals("good")) {
                        assertThat(value(m.json(), "sine")).isEqualTo(value(m.json(), "sine-swapped"));
                    }
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> backend.receivedFor("gps-1").stream()
                        .anyMatch(m -> quality(m.json(), "latitude").equals("good")));
                final CapturedMessage fix = backend.receivedFor("gps-1").stream()
                        .filter(m -> quality(m.json(), "latitude").equals("good")).findFirst().orElseThrow();
                assertThat(value(fix.json(), "latitude")).isBetween(48.11, 48.13);   // the emitter's Munich fix
                assertThat(value(fix.json(), "longitude")).isBetween(11.50, 11.53);

                // unit 2 stops answering: units 1 and 3 keep their rate on the shared line
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort
                        + "/set?timeout_rate=1&units=2")).build(), HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(10)).until(() -> backend.receivedFor("unit-2").stream()
                        .anyMatch(m -> quality(m.json(), "sine").equals("bad-timeout")));
                final int unit1 = backend.receivedFor("unit-1").size();
                final int unit3 = backend.receivedFor("unit-3").size();
                await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
                // 200 ms interval: 20 polls in 4 s; at least 15 each despite the silent unit
                assertThat(backend.receivedFor("unit-1").size() - unit1).isGreaterThanOrEqualTo(15);
                assertThat(backend.receivedFor("unit-3").size() - unit3).isGreaterThanOrEqualTo(15);
                assertThat(gateway.output()).doesNotContain("Exception in thread");
                // unit 2 answers again, so that the stop below cuts into polls of answering units
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort
                        + "/set?timeout_rate=0&units=2")).build(), HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    final List<CapturedMessage> unit2 = backend.receivedFor("unit-2");
                    return quality(unit2.get(unit2.size() - 1).json(), "sine").equals("good");
                });
                await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
                beforeStop = gateway.output().length();
            } finally {
                gateway.close();
            }
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);   // log drained
            // a clean stop in the middle of the line's polls: the answering units are not reported as timed out
            // (no poll the stop cut short becomes a reading or a warning)
            assertThat(gateway.output().substring(beforeStop)).as("what the stop logged").doesNotContain("is not answering");
            assertThat(rtuSim.output()).doesNotContain("Traceback");
            assertThat(bridgeSim.output() + server.output() + nmea.output()).doesNotContain("Traceback");
        }
    }

    private static JsonNode reading(final JsonNode message, final String point) {
        return StreamSupport.stream(message.path("readings").spliterator(), false)
                .filter(r -> point.equals(r.path("point").asText())).findFirst().orElseThrow();
    }

    private static String quality(final JsonNode message, final String point) {
        return StreamSupport.stream(message.path("readings").spliterator(), false)
                .filter(r -> point.equals(r.path("point").asText())).findFirst()
                .map(r -> r.path("quality").asText()).orElse("absent");
    }

    private static double value(final JsonNode message, final String point) {
        return reading(message, point).path("value").asDouble();
    }
}
