package dev.fieldgate.network;

import dev.fieldgate.config.ProxyConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyRulesTest {

    @Test
    void should_go_direct_without_a_setting_or_environment() {
        assertThat(ProxyRules.from(config(null, null), Map.of()).forHost("a.iot.eu-west-1.amazonaws.com")).isEmpty();
    }

    @Test
    void should_take_https_proxy_from_the_environment_with_its_credentials_decoded() {
        final ProxyRules rules = ProxyRules.from(config(null, null), Map.of("https_proxy",
                "http://plant%40site:p%3Ass@proxy.plant:3128"));
        final ProxyRoute p = rules.forHost("x.amazonaws.com").orElseThrow();
        assertThat(p.kind()).isEqualTo(ProxyRoute.Kind.HTTP);
        assertThat(p.host()).isEqualTo("proxy.plant");
        assertThat(p.port()).isEqualTo(3128);
        assertThat(p.username()).isEqualTo("plant@site");
        assertThat(p.password()).isEqualTo("p:ss");
        assertThat(p.toString()).isEqualTo("http://plant@site:***@proxy.plant:3128").doesNotContain("p:ss");
    }

    @Test
    void should_prefer_the_setting_to_the_environment() {
        final ProxyRules rules = ProxyRules.from(config("socks5://10.0.0.1", null), Map.of("HTTPS_PROXY", "http://other:1"));
        final ProxyRoute p = rules.forHost("x").orElseThrow();
        assertThat(p.kind()).isEqualTo(ProxyRoute.Kind.SOCKS5);
        assertThat(p.port()).isEqualTo(1080);
    }

    @Test
    void should_leave_no_proxy_hosts_and_domains_direct_but_not_look_alike_domains() {
        final ProxyRules rules = ProxyRules.from(config(null, null), Map.of("HTTPS_PROXY", "http://proxy:8080",
                "NO_PROXY", "localhost, .plant.local,*.site.example,broker.lan,10.1.2.3"));
        assertThat(rules.forHost("localhost")).isEmpty();
        assertThat(rules.forHost("plc.plant.local")).isEmpty();
        assertThat(rules.forHost("plant.local")).isEmpty();
        assertThat(rules.forHost("a.site.example")).isEmpty();
        assertThat(rules.forHost("BROKER.LAN")).isEmpty();
        assertThat(rules.forHost("mqtt.broker.lan")).isEmpty();
        assertThat(rules.forHost("10.1.2.3")).isEmpty();
        assertThat(rules.forHost("evilbroker.lan")).isPresent();
        assertThat(rules.forHost("x.amazonaws.com")).isPresent();
    }

    @Test
    void should_let_the_setting_list_replace_no_proxy() {
        final ProxyRules rules = ProxyRules.from(config("http://proxy:8080", List.of("*")), Map.of("NO_PROXY", "x"));
        assertThat(rules.forHost("anything")).isEmpty();
    }

    @Test
    void should_name_the_setting_and_never_echo_a_malformed_url() {
        assertThatThrownBy(() -> ProxyRules.from(config("http://user:se cret@proxy:80", null), Map.of()))
                .hasMessageContaining("fieldgate.proxy.url").hasMessageNotContaining("se cret");
        assertThatThrownBy(() -> ProxyRules.from(config(null, null), Map.of("HTTPS_PROXY", "ftp://proxy:21")))
                .hasMessageContaining("HTTPS_PROXY").hasMessageContaining("ftp");
        assertThatThrownBy(() -> ProxyRules.from(config("http://proxy:99999", null), Map.of()))
                .hasMessageContaining("fieldgate.proxy.url");
    }

    @Test
    void should_read_proxy_urls_as_urls_not_forms() {
        final ProxyRoute p = ProxyRules.parse("http://gw:a+b@[fd00::3]:3128", "s");
        assertThat(p.password()).isEqualTo("a+b");
        assertThat(p.host()).isEqualTo("fd00::3");
        assertThatThrownBy(() -> ProxyRules.parse("https://proxy:443", "fieldgate.proxy.url"))
                .hasMessageContaining("https://");
        assertThatThrownBy(() -> ProxyRules.parse("http://gw:p@ss@proxy:80", "fieldgate.proxy.url"))
                .hasMessageContaining("percent-encode").hasMessageNotContaining("p@ss");
    }

    @Test
    void should_match_addresses_exactly_and_refuse_ranges() {
        final ProxyRules rules = ProxyRules.from(config(null, null), Map.of("HTTPS_PROXY", "http://proxy:8080",
                "NO_PROXY", "0.0.1,10.0.4.20"));
        assertThat(rules.forHost("10.0.0.1")).isPresent();
        assertThat(rules.forHost("10.0.4.20")).isEmpty();
        assertThatThrownBy(() -> ProxyRules.from(config(null, null), Map.of("HTTPS_PROXY", "http://proxy:8080",
                "NO_PROXY", "10.0.0.0/8"))).hasMessageContaining("ranges");
    }

    private static ProxyConfig config(final String url, final List<String> noProxy) {
        return new ProxyConfig() {
            @Override
            public Optional<String> url() {
                return Optional.ofNullable(url);
            }

            @Override
            public Optional<List<String>> noProxy() {
                return Optional.ofNullable(noProxy);
            }
        };
    }
}
