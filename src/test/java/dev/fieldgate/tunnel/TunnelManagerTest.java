package dev.fieldgate.tunnel;

import dev.fieldgate.config.TunnelConfig;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.LoopbackUplink;
import dev.fieldgate.rig.TunnelServiceDouble;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Notifications on the things' notify topics open, replace and refuse tunnels. */
@Tag("own-jvm")
class TunnelManagerTest {

    @TempDir
    Path root;

    private final Vertx vertx = Vertx.vertx();
    private final LoopbackUplink uplink = new LoopbackUplink();
    private TunnelServiceDouble service;
    private TunnelManager manager;

    @AfterEach
    void stop() throws Exception {
        if (manager != null) {
            manager.close();
        }
        if (service != null) {
            service.close();
        }
        uplink.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void should_open_a_tunnel_for_an_allow_listed_thing_and_replace_it_on_a_new_token() throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Tunnel CA");
        service = new TunnelServiceDouble(vertx, pki.dir(), "token-1", List.of("aws.iot.securetunneling-3.0"), List.of("SSH"));
        manager = new TunnelManager(vertx, uplink, config(service.endpoint(), pki.caFile(),
                Map.of("plc-1", Map.of("SSH", "127.0.0.1:22"))), id -> "gw-" + id);
        manager.start();
        uplink.connected(true);
        // a service that is not allow-listed: refused, nothing is opened
        notify("gw-plc-1", "token-0", "HTTP");
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(service.connected()).isFalse();
        notify("gw-plc-1", "token-1", "SSH");
        await().atMost(Duration.ofSeconds(10)).until(service::connected);
        assertThat(service.acceptedToken).isEqualTo("token-1");
        assertThat(manager.tunnels()).containsKey("gw-plc-1");
    }

    @Test
    void should_refuse_an_allow_list_entry_that_is_not_host_and_port() {
        assertThatThrownBy(() -> new TunnelManager(vertx, uplink, config("wss://x", null,
                Map.of("plc-1", Map.of("SSH", "192.168.10.21"))), id -> id))
                .hasMessageContaining("fieldgate.tunnel.allow.plc-1.SSH").hasMessageContaining("host:port");
    }

    private void notify(final String thing, final String token, final String service) {
        uplink.deliver("$aws/things/" + thing + "/tunnels/notify", ("{\"clientAccessToken\":\"" + token + "\","
                + "\"clientMode\":\"destination\",\"region\":\"eu-west-1\",\"services\":[\"" + service + "\"]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static TunnelConfig config(final String endpoint, final Path ca, final Map<String, Map<String, String>> allow) {
        return new TunnelConfig() {
            public boolean enabled() { return true; }
            public Map<String, Map<String, String>> allow() { return allow; }
            public Optional<String> endpoint() { return Optional.of(endpoint); }
            public Optional<Path> endpointCa() { return Optional.ofNullable(ca); }
            public Duration pingInterval() { return Duration.ofSeconds(20); }
            public Duration connectTimeout() { return Duration.ofSeconds(2); }
        };
    }
}
