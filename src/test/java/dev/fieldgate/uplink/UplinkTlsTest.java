package dev.fieldgate.uplink;

import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.TestBroker;
import dev.fieldgate.rig.TestUplinkConfig;
import dev.fieldgate.uplink.hivemq.HivemqUplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
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
