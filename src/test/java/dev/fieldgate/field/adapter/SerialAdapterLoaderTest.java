package dev.fieldgate.field.adapter;

import dev.fieldgate.field.serial.BinaryFrameParser;
import dev.fieldgate.field.serial.LineFramer;
import dev.fieldgate.field.serial.SensorSpec;
import dev.fieldgate.field.serial.SerialLine;
import dev.fieldgate.field.Reporting;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerialAdapterLoaderTest {

    private final AdapterLoader loader = new AdapterLoader(ProfileCatalog.load(Path.of("adapters/profiles")), id -> { });

    @Test
    void should_load_an_rtu_line_with_its_settings() {
        final AdapterDefinition def = loader.parse("rtu.yaml", "rtu", String.join("\n",
                "kind: modbus-rtu",
                "connection: {port: /dev/ttyUSB0, baud-rate: 19200, parity: even, stop-bits: 1, timeout: 300ms,"
                        + " turnaround: 20ms, rs485: true}",
                "devices:",
                "  - {id: m1, unit-id: 1, profile: eastron-sdm630}",
                "  - {id: m2, unit-id: 2, profile: eastron-sdm630}"));
        assertThat(def.kind()).isEqualTo(AdapterKind.MODBUS_RTU);
        final SerialLine line = (SerialLine) def.connection();
        assertThat(line).isEqualTo(new SerialLine("/dev/ttyUSB0", 19200, 8, SerialLine.Parity.EVEN, 1,
                Duration.ofMillis(300), Duration.ofMillis(20), true, Duration.ofSeconds(60)));
        assertThat(def.uri()).isEqualTo("modbus-rtu://serial:///dev/ttyUSB0");
        // 3.5 characters of 11 bits at 19200 baud = 2.005 ms; the 20 ms turnaround is longer
        assertThat(line.interFrameSilenceNanos()).isEqualTo(2_005_208L);
        assertThat(line.pauseBetweenRequestsNanos()).isEqualTo(20_000_000L);
    }

    @Test
    void should_fix_the_inter_frame_silence_above_19200_baud() {
        final SerialLine fast = new SerialLine("/dev/ttyS0", 115200, 8, SerialLine.Parity.NONE, 1, Duration.ofSeconds(1),
                Duration.ZERO, false, Duration.ofSeconds(60));
        assertThat(fast.interFrameSilenceNanos()).isEqualTo(1_750_000L);
        final SerialLine slow = new SerialLine("/dev/ttyS0", 9600, 8, SerialLine.Parity.NONE, 1, Duration.ofSeconds(1),
                Duration.ZERO, false, Duration.ofSeconds(60));
        assertThat(slow.pauseBetweenRequestsNanos()).isEqualTo(4_010_417L);
    }

    @Test
    void should_load_rtu_over_tcp() {
        final AdapterDefinition def = loader.parse("s.yaml", "s", String.join("\n",
                "kind: modbus-rtu-over-tcp",
                "connection: {host: 10.0.0.9, port: 4001}",
                "devices: [{id: th-1, unit-id: 5, profile: xy-md02}]"));
        assertThat(def.connection()).isInstanceOf(TcpEndpoint.class);
        assertThat(def.uri()).isEqualTo("modbus-rtu-over-tcp://10.0.0.9:4001");
    }

    @Test
    void should_load_a_sensor_with_each_parser() {
        final AdapterDefinition gps = loader.parse("gps.yaml", "gps", String.join("\n",
                "kind: serial-sensor",
                "connection: {port: /dev/ttyACM0, baud-rate: 4800}",
                "device:",
                "  id: gps-1",
                "  interval: 5s",
                "  parser: {type: nmea}",
                "  points:",
                "    - {name: latitude, field: gga.latitude, unit: deg}",
                "    - {name: air-temp, field: xdr.airtemp, unit: °C}"));
        final SensorSpec spec = gps.sensor().orElseThrow();
        assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.report()).isEqualTo(Reporting.EVERY_POLL);
        assertThat(loader.parse("g2.yaml", "g2", String.join("\n",
                "kind: serial-sensor",
                "connection: {port: /dev/ttyACM0, baud-rate: 4800}",
                "device: {id: gps-2, profile: nmea-gps, report: on-change, heartbeat: 1m}")).sensor().orElseThrow()
                .report()).as("a sensor device reports by exception as a whole")
                .isEqualTo(new Reporting(true, 0, Duration.ofMinutes(1)));
        assertThat(spec.parser().get()).isInstanceOf(LineFramer.class);
        assertThat(gps.deviceIds()).containsExactly("gps-1");
        assertThat(((SerialLine) gps.connection()).timeout()).as("sensor default").isEqualTo(Duration.ofSeconds(10));

        assertThat(loader.parse("kv.yaml", "kv", sensor("{type: key-value, pair-separator: ',', key-separator: ':'}",
                "T")).sensor()).isPresent();
        assertThat(loader.parse("re.yaml", "re", sensor("{type: regex, pattern: '^W(?<weight>[0-9.]+)kg$'}",
                "weight")).sensor()).isPresent();
        final AdapterDefinition bin = loader.parse("bin.yaml", "bin", sensor(String.join("\n",
                "",
                "    type: binary",
                "    start: AA 55",
                "    length-field: {offset: 2}",
                "    stop: 0D",
                "    checksum: {type: crc16-modbus, from: 2}",
                "    fields: [{name: temp, offset: 3, type: int16}]"), "temp"));
        assertThat(bin.sensor().orElseThrow().parser().get()).isInstanceOf(BinaryFrameParser.class);
    }

    @Test
    void should_reject_bad_serial_settings_naming_the_key() {
        expectProblem("kind: modbus-rtu\nconnection: {port: /dev/ttyUSB0, parity: mark}\ndevices: [{id: a, unit-id: 1,"
                + " profile: xy-md02}]", "connection.parity", "not none, even or odd");
        expectProblem("kind: modbus-rtu\nconnection: {port: 'ttyUSB0; rm -rf /'}\ndevices: [{id: a, unit-id: 1,"
                + " profile: xy-md02}]", "connection.port", "not a serial device path");
        expectProblem("kind: modbus-rtu\nconnection: {port: /dev/ttyUSB0, baud-rate: 12}\ndevices: [{id: a, unit-id: 1,"
                + " profile: xy-md02}]", "connection.baud-rate", "outside 300..4000000");
        expectProblem("kind: modbus-rtu\nconnection: {host: 10.0.0.1}\ndevices: [{id: a, unit-id: 1,"
                + " profile: xy-md02}]", "connection.host", "unknown key 'host'");
        expectProblem(sensor("{type: nmea}", "gga.lattitude"), "device.points[0].field", "produces no field 'gga.lattitude'");
        expectProblem(sensor("{type: regex, pattern: '^(?<w>[0-9'}", "w"), "device.parser.pattern", "not a valid regular expression");
        expectProblem(sensor("{type: regex, pattern: '^[0-9]+$'}", "w"), "device.parser.pattern", "named group");
        expectProblem(sensor("{type: morse}", "x"), "device.parser.type", "unknown parser type");
        expectProblem(sensor("{type: binary, start: ZZ, length: 4, fields: []}", "x"), "device.parser.start", "not hex");
        expectProblem(sensor("{type: binary, start: AA, length: 4, fields: [{name: v, offset: 3, type: uint16}]}", "v"),
                "device.parser", "outside the frame");
    }

    private static String sensor(final String parser, final String field) {
        return String.join("\n",
                "kind: serial-sensor",
                "connection: {port: /dev/ttyUSB1}",
                "device:",
                "  id: s-1",
                "  parser: " + parser,
                "  points: [{name: p, field: " + field + "}]");
    }

    private void expectProblem(final String yaml, final String key, final String message) {
        assertThatThrownBy(() -> loader.parse("x.yaml", "x", yaml))
                .isInstanceOfSatisfying(AdapterConfigException.class, e -> {
                    assertThat(e.key()).as("key for: %s", e.getMessage()).isEqualTo(key);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
