package dev.fieldgate.field.adapter;

import dev.fieldgate.field.DataType;
import dev.fieldgate.field.Device;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.RegisterOrder;
import dev.fieldgate.field.RegisterType;
import dev.fieldgate.field.Reporting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterLoaderTest {

    private static final String GOOD = String.join("\n",
            "kind: modbus-tcp",
            "connection: {host: 10.0.0.5, port: 1502, timeout: 500ms}",
            "defaults: {word-order: little, interval: 2s}",
            "devices:",
            "  - id: plc-1",
            "    unit-id: 3",
            "    points:",
            "      - {name: speed, register-type: holding-register, address: 10, data-type: float32, unit: m/s}",
            "      - {name: fast, register-type: ir, address: 4, data-type: int16, scale: 0.1, interval: 250ms}",
            "      - {name: tag, register-type: holding-register, address: 20, data-type: string, count: 4}",
            "      - {name: b3, register-type: holding-register, address: 30, data-type: bit, bit: 3, byte-order: little}",
            "      - {name: run, register-type: coil, address: 0}",
            "");

    private final AdapterLoader loader = new AdapterLoader(ProfileCatalog.load(Path.of("adapters/profiles")), id -> { });

    @Test
    void should_load_every_setting_with_inheritance() {
        final AdapterDefinition def = loader.parse("plc.yaml", "plc", GOOD);
        assertThat(def.connection()).isEqualTo(new TcpEndpoint("10.0.0.5", 1502, Duration.ofMillis(500),
                Duration.ofSeconds(60)));
        final Device d = def.devices().get(0);
        assertThat(d.unitId()).isEqualTo(3);
        final Point speed = d.points().get(0);
        assertThat(speed.order()).isEqualTo(RegisterOrder.CDAB);
        assertThat(speed.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(speed.dataType()).isEqualTo(DataType.FLOAT32);
        assertThat(speed.width()).isEqualTo(2);
        assertThat(d.points().get(1).table()).isEqualTo(RegisterType.INPUT_REGISTER);
        assertThat(d.points().get(1).interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(d.points().get(1).scale()).isEqualTo(0.1);
        assertThat(d.points().get(2).width()).isEqualTo(4);
        assertThat(d.points().get(3).order()).isEqualTo(RegisterOrder.DCBA);
        assertThat(d.points().get(3).bit()).isEqualTo(3);
        assertThat(d.points().get(4).dataType()).isEqualTo(DataType.BOOL);
    }

    @Test
    void should_inherit_report_by_exception_key_by_key_from_defaults_device_and_point() {
        final AdapterDefinition def = loader.parse("r.yaml", "r", String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: gw}",
                "defaults: {report: on-change, heartbeat: 5m}",
                "devices:",
                "  - id: m",
                "    unit-id: 1",
                "    report-deadband: 0.5",
                "    points:",
                "      - {name: a, register-type: holding-register, address: 0}",
                "      - {name: b, register-type: holding-register, address: 1, report: every-poll}",
                "      - {name: c, register-type: holding-register, address: 2, report-deadband: 0, heartbeat: 30s}",
                "  - {id: meter, unit-id: 2, profile: eastron-sdm630, report: on-change, report-deadband: 1}"));
        final List<Point> points = def.devices().get(0).points();
        assertThat(points.get(0).options().report()).isEqualTo(new Reporting(true, 0.5, Duration.ofMinutes(5)));
        assertThat(points.get(1).options().report()).isEqualTo(new Reporting(false, 0.5, Duration.ofMinutes(5)));
        assertThat(points.get(2).options().report()).isEqualTo(new Reporting(true, 0, Duration.ofSeconds(30)));
        assertThat(def.devices().get(1).points()).allSatisfy(p ->
                assertThat(p.options().report()).isEqualTo(new Reporting(true, 1, Reporting.EVERY_POLL.heartbeat())));
        final AdapterDefinition plain = loader.parse("p.yaml", "p", GOOD);
        assertThat(plain.devices().get(0).points()).allSatisfy(p ->
                assertThat(p.options().report()).isEqualTo(Reporting.EVERY_POLL));
    }

    @Test
    void should_name_the_key_of_a_bad_report_setting() {
        for (final String[] c : new String[][] {
            {"report: sometimes", "not every-poll or on-change"},
            {"report-deadband: -1", "report-deadband"},
            {"heartbeat: 100ms", "outside"},
            {"heartbeat: 2d", "not a duration"}}) {
            assertThatThrownBy(() -> loader.parse("r.yaml", "r", String.join("\n",
                    "kind: modbus-tcp",
                    "connection: {host: gw}",
                    "devices:",
                    "  - {id: m, unit-id: 1, " + c[0] + ", points: [{name: a, register-type: holding-register, address: 0}]}")))
                    .as(c[0]).hasMessageContaining(c[1]).isInstanceOfSatisfying(AdapterConfigException.class,
                            e -> assertThat(e.key()).isEqualTo("devices[0]." + c[0].substring(0, c[0].indexOf(':'))));
        }
    }

    @Test
    void should_convert_one_based_vendor_addresses_to_wire_addresses() {
        final AdapterDefinition def = loader.parse("m.yaml", "m", String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: gw}",
                "defaults: {address-base: 1}",
                "devices:",
                "  - id: m",
                "    unit-id: 1",
                "    points: [{name: v, register-type: holding-register, address: 1}]"));
        assertThat(def.devices().get(0).points().get(0).address()).isZero();
        assertThat(((TcpEndpoint) def.connection()).port()).isEqualTo(502);
    }

    @Test
    void should_expand_a_profile_with_the_device_interval() {
        final AdapterDefinition def = loader.parse("m.yaml", "m", String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: gw}",
                "devices:",
                "  - {id: meter, unit-id: 1, profile: eastron-sdm630, interval: 30s}"));
        final List<Point> points = def.devices().get(0).points();
        assertThat(points).hasSizeGreaterThan(10);
        assertThat(points).allSatisfy(p -> assertThat(p.interval()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(points.get(0).name()).isEqualTo("voltage-l1");
        assertThat(points.get(0).table()).isEqualTo(RegisterType.INPUT_REGISTER);
    }

    @Test
    void should_ship_profiles_that_all_load() {
        final ProfileCatalog catalog = ProfileCatalog.load(Path.of("adapters/profiles"));
        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.all()).containsKeys("eastron-sdm630", "xy-md02", "schneider-atv320");
        assertThat(catalog.all().values()).allSatisfy(p -> assertThat(p.source()).isNotBlank());
        assertThat(catalog.allSensors()).containsKey("nmea-gps");
        assertThat(catalog.all()).containsKey("eastron-sdm120");
    }

    @Test
    void should_ship_demo_and_example_adapters_that_all_load() {
        for (final String dir : List.of("adapters/demo", "adapters/examples")) {
            final AdapterLoader.Result r = loader.loadDirectory(Path.of(dir));
            assertThat(r.problems()).as(dir).isEmpty();
            assertThat(r.adapters()).as(dir).isNotEmpty();
        }
    }

    @Test
    void should_name_file_line_and_key_of_a_bad_value() {
        final String bad = GOOD.replace("data-type: float32", "data-type: flaot32");
        assertThatThrownBy(() -> loader.parse("plc.yaml", "plc", bad))
                .isInstanceOfSatisfying(AdapterConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(8);
                    assertThat(e.key()).isEqualTo("devices[0].points[0].data-type");
                    assertThat(e.getMessage()).contains("unknown data-type 'flaot32'").contains("float32");
                });
    }

    @Test
    void should_reject_misspelt_keys_instead_of_ignoring_them() {
        final String bad = GOOD.replace("address: 10,", "adress: 10,");
        assertThatThrownBy(() -> loader.parse("plc.yaml", "plc", bad))
                .isInstanceOfSatisfying(AdapterConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("devices[0].points[0].adress");
                    assertThat(e.getMessage()).contains("unknown key 'adress'");
                });
    }

    @Test
    void should_reject_hostile_and_inconsistent_values() {
        expectProblem(GOOD.replace("unit-id: 3", "unit-id: 300"), "devices[0].unit-id", "300 is outside 0..255");
        expectProblem(GOOD.replace("address: 10,", "address: 70000,"), "devices[0].points[0].address", "outside");
        expectProblem(GOOD.replace("interval: 250ms", "interval: 1ms"), "devices[0].points[1].interval", "outside");
        expectProblem(GOOD.replace("id: plc-1", "id: 'plc/1'"), "devices[0].id", "must be 1-128");
        expectProblem(GOOD.replace("register-type: coil, address: 0", "register-type: coil, address: 0, data-type: float32"),
                "devices[0].points[4]", "must be bool");
        expectProblem(GOOD.replace("data-type: string, count: 4", "data-type: string"),
                "devices[0].points[2]", "missing required key 'count'");
        expectProblem(GOOD.replace("scale: 0.1", "scale: 0"), "devices[0].points[1]", "non-zero");
        expectProblem(GOOD.replace("name: fast", "name: speed"), "devices[0]", "appears twice");
        expectProblem(GOOD.replace("kind: modbus-tcp", "kind: opc-ua"), "kind", "unknown kind 'opc-ua'");
        expectProblem("devices: [", "", "not valid YAML");
        expectProblem("", "", "empty");
        expectProblem("- just\n- a list\n", "", "expected a mapping");
    }

    @Test
    void should_refuse_yaml_alias_bombs() {
        final String bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
        expectProblem(bomb, "", "not valid YAML");
    }

    @Test
    void should_refuse_a_missing_profile_and_say_which_exist() {
        expectProblem("kind: modbus-tcp\nconnection: {host: gw}\ndevices: [{id: m, unit-id: 1, profile: nope}]",
                "devices[0].profile", "no profile 'nope'");
    }

    @Test
    void should_check_device_ids_with_the_supplied_rule() {
        final AdapterLoader strict = new AdapterLoader(ProfileCatalog.empty(), id -> {
            throw new IllegalArgumentException("topic for " + id + " is too long");
        });
        assertThatThrownBy(() -> strict.parse("plc.yaml", "plc", GOOD))
                .isInstanceOfSatisfying(AdapterConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("devices[0].id");
                    assertThat(e.getMessage()).isEqualTo("topic for plc-1 is too long");
                });
    }

    @Test
    void should_keep_loading_other_files_when_one_is_bad(@TempDir final Path dir) throws IOException {
        Files.writeString(dir.resolve("a-good.yaml"), GOOD);
        Files.writeString(dir.resolve("b-bad.yaml"), GOOD.replace("unit-id: 3", "unit-id: x").replace("plc-1", "plc-2"));
        Files.writeString(dir.resolve("c-dup.yml"), GOOD);
        Files.writeString(dir.resolve("notes.txt"), "not an adapter");
        Files.createDirectories(dir.resolve("profiles"));
        final AdapterLoader.Result r = loader.loadDirectory(dir);
        assertThat(r.adapters()).extracting(AdapterDefinition::name).containsExactly("a-good");
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0).toString())
                .startsWith(dir.resolve("b-bad.yaml") + ":6 devices[0].unit-id: 'x' is not a whole number");
        assertThat(r.problems().get(1).toString()).contains("c-dup.yml").contains("already used by adapter file");
    }

    private void expectProblem(final String yaml, final String key, final String message) {
        assertThatThrownBy(() -> loader.parse("x.yaml", "x", yaml))
                .isInstanceOfSatisfying(AdapterConfigException.class, e -> {
                    assertThat(e.key()).as("key for: %s", e.getMessage()).isEqualTo(key);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
