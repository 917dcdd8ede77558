package dev.fieldgate.web;

import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test read reaches the plant's configured devices, not whatever a session names. */
class TestReadGuardTest {

    private static AdapterDefinition at(final String host) {
        return new AdapterLoader(ProfileCatalog.load(Path.of("none")), id -> { }).parse("t.yaml", "t",
                "kind: modbus-tcp\nconnection: {host: " + host + ", port: 502}\ndevices:\n"
                        + "  - {id: d, unit-id: 1, points: [{name: v, register-type: holding-register, address: 0}]}\n");
    }

    @Test
    void should_refuse_a_host_no_adapter_file_names_and_run_one_that_is_named() {
        final TestReadGuard guard = new TestReadGuard(() -> Set.of("10.0.0.5"), List.of());

        assertThatThrownBy(() -> guard.run("tech", at("10.0.0.99"), "d", () -> "read"))
                .isInstanceOfSatisfying(TestReadGuard.Refused.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("10.0.0.99 is neither");
        assertThat(guard.run("tech", at("10.0.0.5"), "d", () -> "read")).isEqualTo("read");
    }

    @Test
    void should_reach_hosts_of_the_allow_list_by_name_or_range() {
        final TestReadGuard guard = new TestReadGuard(Set::of, List.of("commissioning-plc", "192.168.10.0/24"));

        assertThat(guard.run("a", at("commissioning-plc"), "d", () -> "named")).isEqualTo("named");
        assertThat(guard.run("b", at("192.168.10.77"), "d", () -> "in range")).isEqualTo("in range");
        assertThatThrownBy(() -> guard.run("c", at("192.168.11.1"), "d", () -> "out of range"))
                .isInstanceOf(TestReadGuard.Refused.class);
    }

    @Test
    void should_take_one_test_read_a_second_per_account() {
        final TestReadGuard guard = new TestReadGuard(() -> Set.of("10.0.0.5"), List.of());
        guard.run("tech", at("10.0.0.5"), "d", () -> "first");

        assertThatThrownBy(() -> guard.run("tech", at("10.0.0.5"), "d", () -> "second"))
                .isInstanceOfSatisfying(TestReadGuard.Refused.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(guard.run("other", at("10.0.0.5"), "d", () -> "another account")).isEqualTo("another account");
    }

    @Test
    void should_match_ranges_on_address_literals_only() {
        assertThat(TestReadGuard.inRange("10.20.0.0/16", "10.20.255.1")).isTrue();
        assertThat(TestReadGuard.inRange("10.20.0.0/16", "10.21.0.1")).isFalse();
        assertThat(TestReadGuard.inRange("fd00::/8", "fd12::1")).isTrue();
        assertThat(TestReadGuard.inRange("10.0.0.0/8", "plc.local")).as("a name is never resolved").isFalse();
        assertThat(TestReadGuard.inRange("10.0.0.0/33", "10.0.0.1")).isFalse();
    }
}
