package dev.fieldgate.uplink;

import dev.fieldgate.config.ProxyConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.ProxyDouble;
import dev.fieldgate.rig.SigV4Check;
import dev.fieldgate.uplink.sigv4.SigV4Presigner;
import dev.fieldgate.rig.TestBroker;
import dev.fieldgate.rig.TestUplinkConfig;
import dev.fieldgate.rig.TlsFront;
import dev.fieldgate.uplink.hivemq.HivemqUplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way of reaching the cloud from a plant network, against a broker behind a {@link TlsFront} that checks
 * what AWS IoT Core checks (ALPN on 443, client certificate, WebSocket request) and a {@link ProxyDouble}.
 */
class UplinkTransportsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private DemoPki pki;
    private TestBroker broker;
    private int plainPort;
    private int webSocketPort;
    private HivemqUplink uplink;

    @BeforeEach
    void broker() {
        pki = DemoPki.create(dir.resolve("pki"), "CA");
        pki.issueClient("gw", "gw");
        pki.issueServer("plant", "broker.plant.test");
        plainPort = Ports.free();
        webSocketPort = Ports.free();
        broker = new TestBroker(pki.dir(), Ports.free(), dir.resolve("b"), Map.of("port", Integer.toString(plainPort),
                "websocket_port", Integer.toString(webSocketPort)));
    }

    @AfterEach
    void close() {
        if (uplink != null) {
            uplink.close();
        }
        broker.close();
    }

    @Test
    void should_offer_alpn_x_amzn_mqtt_ca_with_the_client_certificate_on_443() throws Exception {
        try (TlsFront front = alpnFront("x-amzn-mqtt-ca", true)) {
            uplink = start(config(front.port(), Map.of("fieldgate.uplink.transport", "mqtts-alpn")), ProxyRules.DIRECT);
            publishAndReceive("alpn");
            final TlsFront.Seen seen = front.seen().get(0);
            assertThat(seen.alpnOffered()).containsExactly("x-amzn-mqtt-ca");
            assertThat(seen.clientSubject()).contains("CN=gw");
            assertThat(uplink.status().transport()).contains("mqtts-alpn", "x-amzn-mqtt-ca");
            // a reconnect keeps offering it (the client keeps the context while its transport stays the same)
            front.dropAll();
            await().atMost(WAIT).until(() -> front.seen().size() >= 2 && uplink.isConnected());
            assertThat(front.seen().get(1).alpnOffered()).containsExactly("x-amzn-mqtt-ca");
            publishAndReceive("alpn-again");
        }
    }

    @Test
    void should_be_turned_away_by_port_443_without_alpn_as_aws_does() throws Exception {
        try (TlsFront front = alpnFront("x-amzn-mqtt-ca", true)) {
            uplink = startOnly(config(front.port(), Map.of()), ProxyRules.DIRECT);
            await().atMost(WAIT).until(() -> !front.dropped().isEmpty());
            assertThat(front.dropped().get(0)).contains("no ALPN");
            assertThat(front.seen().get(0).alpnOffered()).isEmpty();
            assertThat(uplink.isConnected()).isFalse();
        }
    }

    @Test
    void should_send_the_custom_authorizer_in_the_user_name_on_443_with_alpn_mqtt() throws Exception {
        try (TlsFront front = alpnFront("mqtt", false)) {
            uplink = start(config(front.port(), Map.of("fieldgate.uplink.transport", "mqtts-custom-auth",
                    "fieldgate.uplink.custom-auth.authorizer-name", "plant-auth",
                    "fieldgate.uplink.custom-auth.username", "gw-user",
                    "fieldgate.uplink.custom-auth.password", "pa55word")), ProxyRules.DIRECT);
            publishAndReceive("custom-auth");
            assertThat(front.seen().get(0).alpnOffered()).containsExactly("mqtt");
            assertThat(front.seen().get(0).clientSubject()).isNull();
            assertThat(broker.credentials()).contains("gw-user?x-amz-customauthorizer-name=plant-auth:pa55word");
        }
    }

    @Test
    void should_carry_mqtt_over_a_websocket_with_the_custom_authorizer_headers() throws Exception {
        try (TlsFront front = webSocketFront(false, head -> head.contains("x-amz-customauthorizer-name: plant-auth")
                && head.contains("plant-token: t0ken") ? null : "authorizer headers missing")) {
            uplink = start(config(front.port(), Map.of("fieldgate.uplink.transport", "wss-custom-auth",
                    "fieldgate.uplink.custom-auth.authorizer-name", "plant-auth",
                    "fieldgate.uplink.custom-auth.token-key-name", "plant-token",
                    "fieldgate.uplink.custom-auth.token", "t0ken")), ProxyRules.DIRECT);
            publishAndReceive("wss-custom");
            assertThat(front.seen().get(0).requestHead()).startsWith("GET /mqtt ").containsIgnoringCase("upgrade: websocket");
            assertThat(uplink.status().toString()).doesNotContain("t0ken");
            assertThat(broker.credentials()).contains(":"); // headers only: no user name, no password
        }
    }

    @Test
    void should_carry_mqtt_over_a_websocket_with_a_sigv4_presigned_url() throws Exception {
        final String token = "FwoGZXIvYXdzE+token/with+plus==";
        final Path credentials = dir.resolve("aws-credentials");
        Files.writeString(credentials, "[plant]\naws_access_key_id = AKIDEXAMPLE\n"
                + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\naws_session_token = " + token + "\n");
        try (TlsFront front = webSocketFront(false, head -> SigV4Check.verify(head, "localhost",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token))) {
            final UplinkConfig onFront = config(front.port(), Map.of("fieldgate.uplink.transport", "wss-sigv4",
                    "fieldgate.uplink.sigv4.region", "eu-central-1",
                    "fieldgate.uplink.sigv4.credentials", "profile",
                    "fieldgate.uplink.sigv4.profile", "plant",
                    "fieldgate.uplink.sigv4.credentials-file", credentials.toString()));
            uplink = new HivemqUplink("gw", onFront, ProxyRules.DIRECT,
                    SigV4Queries.of(SigV4Presigner.from(onFront.sigv4())));
            uplink.start();
            await().atMost(WAIT).until(() -> uplink.isConnected() || !front.dropped().isEmpty());
            assertThat(front.dropped()).isEmpty();
            publishAndReceive("sigv4");
            assertThat(front.dropped()).isEmpty();
            assertThat(front.seen().get(0).requestHead()).contains("X-Amz-Signature=").doesNotContain("%25");
            assertThat(uplink.status().toString()).doesNotContain("EXAMPLEKEY").doesNotContain(token);
            // a reconnect presents a URL still valid and correctly signed (SigV4Check refuses an expired one)
            front.dropAll();
            await().atMost(WAIT).until(() -> front.seen().size() >= 2 && uplink.isConnected());
            assertThat(front.dropped()).isEmpty();
        }
    }

    @Test
    void should_carry_mqtt_over_a_websocket_with_the_client_certificate() throws Exception {
        try (TlsFront front = webSocketFront(true, head -> null)) {
            uplink = start(config(front.port(), Map.of("fieldgate.uplink.transport", "wss")), ProxyRules.DIRECT);
            publishAndReceive("wss");
            assertThat(front.seen().get(0).clientSubject()).contains("CN=gw");
        }
    }

    @Test
    void should_reach_a_broker_only_the_http_proxy_can_resolve() throws Exception {
        try (TlsFront front = new TlsFront(pki.dir(), "plant", true, List.of(), false, s -> null, plainPort);
             ProxyDouble proxy = new ProxyDouble(ProxyDouble.Kind.HTTP, Map.of("broker.plant.test", "127.0.0.1"),
                     "plant", "s3cret:/@")) {
            final ProxyRules rules = rules("http://plant:s3cret%3A%2F%40@127.0.0.1:" + proxy.port());
            uplink = start(config(front.port(), Map.of("fieldgate.uplink.host", "broker.plant.test")), rules);
            publishAndReceive("via-http-proxy");
            assertThat(proxy.targets()).containsOnly("broker.plant.test:" + front.port());
            assertThat(proxy.relayed()).isGreaterThan("via-http-proxy".length());
            assertThat(uplink.status().proxy()).isEqualTo("http://plant:***@127.0.0.1:" + proxy.port());
            assertThat(uplink.status().toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void should_report_a_proxy_that_refuses_the_credentials() throws Exception {
        try (ProxyDouble proxy = new ProxyDouble(ProxyDouble.Kind.HTTP, Map.of(), "plant", "right")) {
            uplink = startOnly(config(Ports.free(), Map.of()), rules("http://plant:wrong@127.0.0.1:" + proxy.port()));
            await().atMost(WAIT).until(() -> uplink.status().lastError() != null && !proxy.refused().isEmpty());
            assertThat(uplink.status().lastError()).contains("407").doesNotContain("wrong");
            assertThat(uplink.isConnected()).isFalse();
        }
    }

    @Test
    void should_reach_the_broker_through_a_socks5_proxy() throws Exception {
        try (TlsFront front = new TlsFront(pki.dir(), "plant", true, List.of(), false, s -> null, plainPort);
             ProxyDouble proxy = new ProxyDouble(ProxyDouble.Kind.SOCKS5, Map.of("broker.plant.test", "127.0.0.1"),
                     "plant", "s3cret")) {
            final ProxyRules rules = rules("socks5://plant:s3cret@127.0.0.1:" + proxy.port());
            uplink = start(config(front.port(), Map.of("fieldgate.uplink.host", "broker.plant.test")), rules);
            publishAndReceive("via-socks");
            assertThat(proxy.targets()).containsOnly("broker.plant.test:" + front.port());
        }
    }

    @Test
    void should_take_a_drop_on_the_first_use_of_a_new_certificate_for_just_in_time_registration() throws Exception {
        final java.util.Set<String> registered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        // as AWS IoT Core with JITR: the handshake succeeds, the first connection is dropped while it registers
        try (TlsFront front = new TlsFront(pki.dir(), "server", true, List.of(), false,
                s -> registered.add(s.clientSubject()) ? "registering " + s.clientSubject() : null, plainPort)) {
            final Path known = dir.resolve("state/accepted-certificates");
            final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            uplink = new HivemqUplink("gw", config(front.port(), Map.of("fieldgate.uplink.reconnect-fast-delay", "500ms")),
                    ProxyRules.DIRECT, null);
            uplink.rememberCertificatesIn(known);
            uplink.onStateChange(() -> errors.add(String.valueOf(uplink.status().lastError())));
            uplink.start();
            await().atMost(WAIT).until(uplink::isConnected);
            assertThat(front.dropped()).hasSize(1);
            assertThat(errors).anyMatch(e -> e.startsWith("registering"));
            await().atMost(WAIT).until(() -> Files.exists(known));
            assertThat(Files.readString(known)).matches("[0-9a-f]{64}\\n");
        }
    }

    @Test
    void should_fail_over_to_the_backup_and_return_to_the_primary() throws Exception {
        try (TlsFront primary = new TlsFront(pki.dir(), "server", true, List.of(), false, s -> null, plainPort)) {
            try (TlsFront backup = new TlsFront(pki.dir(), "server", true, List.of(), false, s -> null, plainPort)) {
                final int primaryPort = primary.port();
                uplink = start(config(primaryPort, Map.of(
                        "fieldgate.uplink.failover.endpoints", "localhost:" + backup.port(),
                        "fieldgate.uplink.failover.after", "2",
                        "fieldgate.uplink.failover.probe-primary", "3s",
                        "fieldgate.uplink.reconnect-fast-delay", "400ms")), ProxyRules.DIRECT);
                assertThat(uplink.status().onPrimary()).isTrue();
                primary.close();
                await().atMost(WAIT).until(() -> uplink.isConnected() && !uplink.status().onPrimary());
                assertThat(uplink.status().endpoint()).isEqualTo("localhost:" + backup.port());
                assertThat(uplink.status().lastSwitch().reason()).contains("failed connection attempt");
                publishAndReceive("on-backup");
                // the primary is back: the next probe returns to it
                try (TlsFront again = new TlsFront(pki.dir(), "server", true, List.of(), false, s -> null, plainPort,
                        primaryPort)) {
                    await().atMost(WAIT).until(() -> uplink.isConnected() && uplink.status().onPrimary());
                    assertThat(uplink.status().lastSwitch().reason()).isEqualTo("probing the primary");
                    publishAndReceive("back-on-primary");
                    assertThat(again.seen()).isNotEmpty();
                }
            }
        }
    }

    private TlsFront alpnFront(final String alpn, final boolean clientCertificate) throws Exception {
        return new TlsFront(pki.dir(), "server", clientCertificate, List.of(alpn), false,
                s -> alpn.equals(s.alpnChosen()) ? null : "no ALPN " + alpn + " (offered " + s.alpnOffered() + ")",
                plainPort);
    }

    private TlsFront webSocketFront(final boolean clientCertificate,
                                    final java.util.function.Function<String, String> check) throws Exception {
        return new TlsFront(pki.dir(), "server", clientCertificate, List.of(), true, s -> check.apply(s.requestHead()),
                webSocketPort);
    }

    private UplinkConfig config(final int port, final Map<String, String> more) {
        final Map<String, String> all = new HashMap<>(more);
        all.putIfAbsent("fieldgate.uplink.port", Integer.toString(port));
        return TestUplinkConfig.of(port, UplinkConfig.MqttVersion.V3, pki.caFile(), pki.dir().resolve("gw.pem"),
                pki.dir().resolve("gw.key"), all);
    }

    private HivemqUplink start(final UplinkConfig config, final ProxyRules rules) {
        final HivemqUplink u = startOnly(config, rules);
        await().atMost(WAIT).until(u::isConnected);
        return u;
    }

    private HivemqUplink startOnly(final UplinkConfig config, final ProxyRules rules) {
        final HivemqUplink u = new HivemqUplink("gw", config, rules, null);
        uplink = u;
        u.start();
        return u;
    }

    private void publishAndReceive(final String text) throws Exception {
        uplink.publish("dt/fieldgate/gw/transport/telemetry", text.getBytes(StandardCharsets.UTF_8), 1)
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> broker.all().stream()
                .anyMatch(m -> m.topic().endsWith("/transport/telemetry")
                        && new String(m.payload(), StandardCharsets.UTF_8).contains(text)));
    }

    private static ProxyRules rules(final String url) {
        return ProxyRules.from(new ProxyConfig() {
            @Override
            public Optional<String> url() {
                return Optional.of(url);
            }

            @Override
            public Optional<List<String>> noProxy() {
                return Optional.empty();
            }
        }, Map.of());
    }
}
