package dev.fieldgate.uplink.hivemq;

import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.rig.TestUplinkConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectAuthTest {

    @Test
    void should_put_the_authorizer_token_and_signature_in_the_user_name_query_on_443_alpn_mqtt() {
        final ConnectAuth auth = ConnectAuth.of(config(Map.of("fieldgate.uplink.transport", "mqtts-custom-auth",
                "fieldgate.uplink.custom-auth.authorizer-name", "plant auth",
                "fieldgate.uplink.custom-auth.token-key-name", "token",
                "fieldgate.uplink.custom-auth.token", "a&b=c",
                "fieldgate.uplink.custom-auth.token-signature", "c2ln+/=",
                "fieldgate.uplink.custom-auth.password", "pw")), null);
        final SimpleAuth simple = auth.simpleAuth();
        assertThat(simple.username()).isEqualTo("?x-amz-customauthorizer-name=plant+auth&token=a%26b%3Dc"
                + "&x-amz-customauthorizer-signature=c2ln%2B%2F%3D");
        assertThat(new String(simple.password(), StandardCharsets.UTF_8)).isEqualTo("pw");
        assertThat(simple.toString()).doesNotContain("a%26b").doesNotContain("pw");
        assertThat(auth.webSocketHeaders()).isEmpty();
    }

    @Test
    void should_send_headers_on_the_websocket() {
        final ConnectAuth auth = ConnectAuth.of(config(Map.of("fieldgate.uplink.transport", "wss-custom-auth",
                "fieldgate.uplink.custom-auth.authorizer-name", "plant-auth",
                "fieldgate.uplink.custom-auth.token-key-name", "x-plant-token",
                "fieldgate.uplink.custom-auth.token", "t")), null);
        assertThat(auth.webSocketHeaders()).containsExactly(Map.entry("x-amz-customauthorizer-name", "plant-auth"),
                Map.entry("x-plant-token", "t"));
        assertThat(auth.simpleAuth()).isNull();
    }

    @Test
    void should_name_what_a_transport_is_missing() {
        assertThatThrownBy(() -> ConnectAuth.of(config(Map.of("fieldgate.uplink.transport", "wss-custom-auth")), null))
                .hasMessageContaining("fieldgate.uplink.custom-auth.authorizer-name");
        assertThatThrownBy(() -> ConnectAuth.of(config(Map.of("fieldgate.uplink.transport", "mqtts-custom-auth",
                "fieldgate.uplink.custom-auth.authorizer-name", "a",
                "fieldgate.uplink.custom-auth.token", "t")), null)).hasMessageContaining("token-key-name");
        assertThatThrownBy(() -> ConnectAuth.of(config(Map.of("fieldgate.uplink.transport", "mqtts-custom-auth",
                "fieldgate.uplink.custom-auth.authorizer-name", "a")), null)).hasMessageContaining("username");
        assertThatThrownBy(() -> ConnectAuth.of(config(Map.of("fieldgate.uplink.transport", "wss-sigv4")), null))
                .hasMessageContaining("credentials");
    }

    @Test
    void should_present_nothing_but_the_certificate_on_mqtts() {
        final ConnectAuth auth = ConnectAuth.of(config(Map.of()), null);
        assertThat(auth.simpleAuth()).isNull();
        assertThat(auth.webSocketHeaders()).isEmpty();
        assertThat(auth.webSocketQuery("h")).isNull();
    }

    private static UplinkConfig config(final Map<String, String> more) {
        return TestUplinkConfig.of(443, UplinkConfig.MqttVersion.V5, Path.of("ca"), Path.of("c"), Path.of("k"), more);
    }
}
