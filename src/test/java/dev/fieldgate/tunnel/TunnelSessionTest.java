package dev.fieldgate.tunnel;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.network.ProxyRoute;
import dev.fieldgate.rig.ProxyDouble;
import dev.fieldgate.rig.TunnelServiceDouble;
import dev.fieldgate.tunnel.proto.TunnelProtos.Message;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.fieldgate.rig.TunnelServiceDouble.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The destination side against a double of the tunneling service, to a local echo and an SSH-like service. */
@Tag("own-jvm")
class TunnelSessionTest {

    private static final String TOKEN = "AQGAAXiVzSmRL1VaJ22G7eRb-test-token";
    private static final String V3 = "aws.iot.securetunneling-3.0";

    @TempDir
    Path root;

    private final Vertx vertx = Vertx.vertx();
    private DemoPki pki;
    private NetServer echo;
    private NetServer ssh;
    private TunnelServiceDouble service;
    private TunnelSession session;

    @BeforeEach
    void start() throws Exception {
        pki = DemoPki.create(root.resolve("pki"), "Tunnel CA");
        echo = vertx.createNetServer().connectHandler(s -> s.pipeTo(s));
        echo.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ssh = vertx.createNetServer().connectHandler(s -> {
            s.write("SSH-2.0-FieldgateTest\r\n");
            s.pipeTo(s);
        });
        ssh.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        if (service != null) {
            service.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void open(final List<String> protocols, final List<String> services) throws Exception {
        open(protocols, services, null);
    }

    private void open(final List<String> protocols, final List<String> services, final ProxyRoute proxy)
            throws Exception {
        service = new TunnelServiceDouble(vertx, pki.dir(), TOKEN, protocols, services);
        final TunnelNotification n = TunnelNotification.parse(("{\"clientAccessToken\":\"" + TOKEN + "\",\"clientMode\":"
                + "\"destination\",\"region\":\"eu-central-1\",\"services\":" + toJson(services) + "}")
                .getBytes(StandardCharsets.UTF_8));
        session = new TunnelSession(vertx, "line3-gw-plc-1", Map.of(
                "ECHO", new TunnelSession.Target("127.0.0.1", echo.actualPort()),
                "SSH", new TunnelSession.Target("127.0.0.1", ssh.actualPort())), n, service.endpoint(), pki.caFile(),
                Duration.ofSeconds(20), Duration.ofSeconds(2));
        if (proxy != null) {
            session.viaProxy(proxy);
        }
        session.start();
        await().atMost(Duration.ofSeconds(10)).until(service::connected);
        await().atMost(Duration.ofSeconds(5)).until(() -> session.version() > 0);
    }

    @Test
    void should_open_the_tunnel_through_the_plants_proxy() throws Exception {
        try (ProxyDouble proxy = new ProxyDouble(ProxyDouble.Kind.HTTP, Map.of(), "plant", "s3cret")) {
            open(List.of(V3), List.of("ECHO"), new ProxyRoute(ProxyRoute.Kind.HTTP, "127.0.0.1", proxy.port(),
                    "plant", "s3cret"));
            service.send(msg(Message.Type.STREAM_START, 1, "ECHO", 1));
            final String sent = service.pump(1, "ECHO", 1, 100_000, 7);
            final TunnelServiceDouble.Received back = await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.received.get(TunnelServiceDouble.key("ECHO", 1)),
                            r -> r != null && r.bytes.get() == 100_000);
            assertThat(back.sha256()).isEqualTo(sent);
            assertThat(proxy.targets()).hasSize(1).allMatch(t -> service.endpoint().endsWith("//" + t));
            assertThat(proxy.relayed()).isGreaterThan(200_000);
        }
    }

    @Test
    void should_carry_100_mb_through_one_stream_intact_and_in_order() throws Exception {
        open(List.of(V3), List.of("ECHO"));
        assertThat(service.chosenProtocol).isEqualTo(V3);
        service.send(msg(Message.Type.STREAM_START, 1, "ECHO", 1));
        final long total = 100L * 1024 * 1024;
        final String sent = service.pump(1, "ECHO", 1, total, 42);
        final TunnelServiceDouble.Received back = await().atMost(Duration.ofSeconds(120))
                .until(() -> service.received.get(TunnelServiceDouble.key("ECHO", 1)),
                        r -> r != null && r.bytes.get() == total);
        assertThat(back.sha256()).isEqualTo(sent);
    }

    @Test
    void should_serve_many_connections_at_once_and_refuse_what_is_not_allow_listed_without_disturbing_them()
            throws Exception {
        open(List.of(V3), List.of("ECHO", "SSH", "ROUTER"));
        service.send(msg(Message.Type.STREAM_START, 5, "ECHO", 1));
        for (int c = 2; c <= 20; c++) {
            service.send(msg(Message.Type.CONNECTION_START, 5, "ECHO", c));
        }
        service.send(msg(Message.Type.STREAM_START, 9, "SSH", 1));
        // a service that is not allow-listed, and a frame that is no tunnel message
        service.send(msg(Message.Type.STREAM_START, 11, "ROUTER", 1));
        service.sendRaw(Buffer.buffer().appendUnsignedShort(5).appendBytes(new byte[] {(byte) 0xff, 1, 2, 3, 4}));
        final List<String> sums = new ArrayList<>();
        for (int c = 1; c <= 20; c++) {
            sums.add(service.pump(5, "ECHO", c, 200_000, c));
        }
        for (int c = 1; c <= 20; c++) {
            final String key = TunnelServiceDouble.key("ECHO", c);
            await().atMost(Duration.ofSeconds(30)).until(() -> service.received.containsKey(key)
                    && service.received.get(key).bytes.get() == 200_000);
            assertThat(service.received.get(key).sha256()).as("connection %d", c).isEqualTo(sums.get(c - 1));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> service.received.containsKey(TunnelServiceDouble.key("SSH", 1)));
        assertThat(service.received.get(TunnelServiceDouble.key("SSH", 1)).head.toString()).startsWith("SSH-2.0-FieldgateTest");
        assertThat(service.controls).anyMatch(m -> m.getType() == Message.Type.STREAM_RESET && m.getServiceId().equals("ROUTER"));

        // closing one connection leaves the others; the stream reset closes all
        service.send(msg(Message.Type.CONNECTION_RESET, 5, "ECHO", 3));
        service.pump(5, "ECHO", 4, 1000, 99);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.received.get(TunnelServiceDouble.key("ECHO", 4)).bytes.get() == 201_000);
    }

    @Test
    void should_speak_protocol_1_with_its_single_service() throws Exception {
        open(List.of("aws.iot.securetunneling-1.0"), List.of("SSH"));
        assertThat(session.version()).isEqualTo(1);
        service.send(msg(Message.Type.STREAM_START, 3, null, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> service.received.containsKey(TunnelServiceDouble.key("", 0)));
        assertThat(service.received.get(TunnelServiceDouble.key("", 0)).head.toString()).startsWith("SSH-2.0");
    }

    @Test
    void should_refuse_bad_notifications_without_quoting_the_token() {
        for (final String bad : new String[] {
            "{\"clientAccessToken\":\"secret-1\",\"clientMode\":\"source\",\"region\":\"eu-central-1\",\"services\":[\"SSH\"]}",
            "{\"clientAccessToken\":\"secret-1\",\"clientMode\":\"destination\",\"region\":\"moon\",\"services\":[\"SSH\"]}",
            "{\"clientAccessToken\":\"secret-1\",\"clientMode\":\"destination\",\"region\":\"eu-central-1\",\"services\":[]}",
            "{\"clientMode\":\"destination\",\"region\":\"eu-central-1\",\"services\":[\"SSH\"]}",
            "not json"}) {
            final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> TunnelNotification.parse(bad.getBytes(StandardCharsets.UTF_8)));
            assertThat(e.getMessage()).doesNotContain("secret-1");
        }
        final TunnelNotification ok = TunnelNotification.parse(("{\"clientAccessToken\":\"secret-1\",\"clientMode\":"
                + "\"destination\",\"region\":\"cn-north-1\",\"services\":[\"SSH\"]}").getBytes(StandardCharsets.UTF_8));
        assertThat(ok.toString()).doesNotContain("secret-1");
        assertThat(ok.defaultEndpoint()).isEqualTo("wss://data.tunneling.iot.cn-north-1.amazonaws.com.cn");
    }

    private static String toJson(final List<String> services) {
        return "[" + String.join(",", services.stream().map(s -> "\"" + s + "\"").toList()) + "]";
    }
}
