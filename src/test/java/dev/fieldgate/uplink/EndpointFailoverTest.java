package dev.fieldgate.uplink;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointFailoverTest {

    private static final Endpoint PRIMARY = new Endpoint("a-ats.iot.eu-central-1.amazonaws.com", 443);
    private static final Endpoint BACKUP = new Endpoint("a-ats.iot.eu-west-1.amazonaws.com", 443);
    private static final Endpoint PLANT = new Endpoint("broker.plant", 8883);

    @Test
    void should_switch_after_the_configured_failures_in_a_row_and_go_round() {
        final EndpointFailover f = new EndpointFailover(List.of(PRIMARY, BACKUP, PLANT), 2);
        assertThat(f.failed(1)).isEmpty();
        assertThat(f.failed(2)).contains(BACKUP);
        assertThat(f.onPrimary()).isFalse();
        assertThat(f.lastSwitch().orElseThrow().reason()).isEqualTo("2 failed connection attempt(s) to " + PRIMARY);
        f.failed(3);
        assertThat(f.failed(4)).contains(PLANT);
        f.failed(5);
        assertThat(f.failed(6)).contains(PRIMARY);
    }

    @Test
    void should_count_only_failures_in_a_row() {
        final EndpointFailover f = new EndpointFailover(List.of(PRIMARY, BACKUP), 2);
        f.failed(1);
        f.connected();
        assertThat(f.failed(2)).isEmpty();
        assertThat(f.current()).isEqualTo(PRIMARY);
    }

    @Test
    void should_stay_without_backups_and_return_to_the_primary_when_probing() {
        final EndpointFailover alone = new EndpointFailover(List.of(PRIMARY), 1);
        assertThat(alone.failed(1)).isEmpty();
        final EndpointFailover f = new EndpointFailover(List.of(PRIMARY, BACKUP), 1);
        f.failed(1);
        assertThat(f.probePrimary(2)).isEqualTo(PRIMARY);
        assertThat(f.lastSwitch().orElseThrow()).isEqualTo(new EndpointFailover.Switch(BACKUP, PRIMARY,
                "probing the primary", 2));
        assertThatThrownBy(() -> new EndpointFailover(List.of(PRIMARY), 0)).hasMessageContaining("failover.after");
        assertThatThrownBy(() -> new EndpointFailover(List.of(PRIMARY, BACKUP, PRIMARY), 1))
                .hasMessageContaining("twice");
    }

    @Test
    void should_parse_endpoints_with_the_transport_port_and_name_the_setting_when_wrong() {
        assertThat(Endpoint.parse("broker.plant", 443, "s")).isEqualTo(new Endpoint("broker.plant", 443));
        assertThat(Endpoint.parse(" broker.plant:8883 ", 443, "s")).isEqualTo(PLANT);
        assertThat(Endpoint.parse("[fd00::1]:8883", 443, "s")).isEqualTo(new Endpoint("fd00::1", 8883));
        assertThat(Endpoint.parse("[fd00::1]:8883", 443, "s").toString()).isEqualTo("[fd00::1]:8883");
        assertThatThrownBy(() -> Endpoint.parse("broker:http", 443, "fieldgate.uplink.failover.endpoints"))
                .hasMessageContaining("fieldgate.uplink.failover.endpoints").hasMessageContaining("'http'");
        assertThatThrownBy(() -> Endpoint.parse("mqtts://broker", 443, "s")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Endpoint.parse("broker:70000", 443, "s")).hasMessageContaining("70000");
    }
}
