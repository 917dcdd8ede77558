package dev.fieldgate.uplink;

import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.TestBroker;
import dev.fieldgate.rig.TestUplinkConfig;
import dev.fieldgate.uplink.hivemq.HivemqUplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The uplink against the mutual-TLS test broker: refused certificates and unusable files are reported, not fatal. */
class UplinkTlsTest {

    @TempDir
    Path dir;

    @Test
    void should_connect_with_a_certificate_of_the_brokers_ca() throws Exception {
        final DemoPki pki = DemoPki.create(dir.resolve("pki"), "CA");
        pki.issueClient("gw", "gw");
        try (TestBroker broker = new TestBroker(pki.dir(), Ports.free(), dir.resolve("b"))) {
            final HivemqUplink uplink = new HivemqUplink("gw", config(broker.port(), pki.caFile(),
                    pki.dir().resolve("gw.pem"), pki.dir().resolve("gw.key")));
            try {
                uplink.start();
                await().atMost(Duration.ofSeconds(20)).until(uplink::isConnected);
                assertThat(uplink.status().connected()).isTrue();
            } finally {
                uplink.close();
            }
        }
    }

    @Test
    void should_tell_which_settings_to_check_when_the_brokers_certificate_is_not_trusted() throws Exception {
        final DemoPki pki = DemoPki.create(dir.resolve("pki"), "CA");
        pki.issueClient("gw", "gw");
        final DemoPki other = DemoPki.create(dir.resolve("other"), "Other CA");
        try (TestBroker broker = new TestBroker(pki.dir(), Ports.free(), dir.resolve("b"))) {
            // a real handshake against a broker whose CA the gateway was not given
            final HivemqUplink uplink = new HivemqUplink("gw", config(broker.port(), other.caFile(),
                    pki.dir().resolve("gw.pem"), pki.dir().resolve("gw.key")));
            try {
                uplink.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> uplink.status().lastError() != null);
                assertThat(uplink.status().lastError()).contains("fieldgate.uplink.tls.ca")
                        .contains("fieldgate.uplink.host");
            } finally {
                uplink.close();
            }
        }
    }

    @Test
    void should_report_a_refused_client_certificate_and_keep_trying() throws Exception {
        final DemoPki pki = DemoPki.create(dir.resolve("pki"), "CA");
        final DemoPki foreign = DemoPki.create(dir.resolve("foreign"), "Foreign CA");
        foreign.issueClient("gw", "gw");
        try (TestBroker broker = new TestBroker(pki.dir(), Ports.free(), dir.resolve("b"))) {
            final HivemqUplink uplink = new HivemqUplink("gw", config(broker.port(), pki.caFile(),
                    foreign.dir().resolve("gw.pem"), foreign.dir().resolve("gw.key")));
            try {
                uplink.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> uplink.status().lastError() != null);
                assertThat(uplink.isConnected()).isFalse();
                assertThat(uplink.configurationError()).as("the files are fine; the broker refuses them").isNull();
                assertThat(broker.received()).isEmpty();
            } finally {
                uplink.close();
            }
        }
    }

    @Test
    void should_use_certificate_files_replaced_while_it_runs_at_the_next_connect() throws Exception {
        final DemoPki pki = DemoPki.create(dir.resolve("pki"), "CA");
        pki.issueClient("gw", "gw");
        final DemoPki foreign = DemoPki.create(dir.resolve("foreign"), "Foreign CA");
        foreign.issueClient("gw", "gw");
        final Path cert = Files.copy(foreign.dir().resolve("gw.pem"), dir.resolve("cert.pem"));
        final Path key = Files.copy(foreign.dir().resolve("gw.key"), dir.resolve("key.pem"));
        try (TestBroker broker = new TestBroker(pki.dir(), Ports.free(), dir.resolve("b"))) {
            final HivemqUplink uplink = new HivemqUplink("gw", config(broker.port(), pki.caFile(), cert, key));
            try {
                uplink.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> uplink.status().lastError() != null);
                // the renewed certificate arrives, as a rotated Secret or a technician's copy would bring it
                replace(pki.dir().resolve("gw.pem"), cert);
                replace(pki.dir().resolve("gw.key"), key);
                await().atMost(Duration.ofSeconds(20)).until(uplink::isConnected);
            } finally {
                uplink.close();
            }
        }
    }

    @Test
    void should_fail_what_the_replaced_client_left_unanswered_so_that_it_is_sent_again() throws Exception {
        final DemoPki pki = DemoPki.create(dir.resolve("pki"), "CA");
        pki.issueClient("gw", "gw");
        pki.issueClient("gw-renewed", "gw");
        final Path cert = Files.copy(pki.dir().resolve("gw.pem"), dir.resolve("cert.pem"));
        final Path key = Files.copy(pki.dir().resolve("gw.key"), dir.resolve("key.pem"));
        try (TestBroker broker = new TestBroker(pki.dir(), Ports.free(), dir.resolve("b"))) {
            final HivemqUplink uplink = new HivemqUplink("gw", config(broker.port(), pki.caFile(), cert, key));
            try {
                uplink.start();
                await().atMost(Duration.ofSeconds(20)).until(uplink::isConnected);
                broker.stop();
                await().atMost(Duration.ofSeconds(10)).until(() -> !uplink.isConnected());
                // queued by the client while it reconnects; the client is then replaced for the new files
                final CompletableFuture<Void> queued = uplink.publish("dt/fieldgate/gw/d/telemetry",
                        "{}".getBytes(StandardCharsets.UTF_8), 1);
                replace(pki.dir().resolve("gw-renewed.pem"), cert);
                replace(pki.dir().resolve("gw-renewed.key"), key);
                assertThatThrownBy(() -> queued.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasMessageContaining("replaced");
                broker.start();
                await().atMost(Duration.ofSeconds(20)).until(uplink::isConnected);
                uplink.publish("dt/fieldgate/gw/d/telemetry", "{}".getBytes(StandardCharsets.UTF_8), 1)
                        .get(10, TimeUnit.SECONDS);
            } finally {
                uplink.close();
            }
        }
    }

    /** Replaces a file's content and moves its modification time on, as a new file would. */
    private static void replace(final Path from, final Path to) throws Exception {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(to, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 1000));
    }

    @Test
    void should_name_an_unusable_key_file_without_stopping() throws Exception {
        final DemoPki pki = DemoPki.create(dir.resolve("pki"), "CA");
        pki.issueClient("gw", "gw");
        final HivemqUplink uplink = new HivemqUplink("gw", config(Ports.free(), pki.caFile(),
                pki.dir().resolve("gw.pem"), dir.resolve("missing.key")));
        try {
            uplink.start();
            assertThat(uplink.configurationError()).contains("missing.key").contains("does not exist");
            assertThat(uplink.status().lastError()).contains("missing.key");
            assertThat(uplink.isConnected()).isFalse();
        } finally {
            uplink.close();
        }
    }

    private static UplinkConfig config(final int port, final Path ca, final Path cert, final Path key) {
        return TestUplinkConfig.of(port, UplinkConfig.MqttVersion.V3, ca, cert, key);
    }
}
