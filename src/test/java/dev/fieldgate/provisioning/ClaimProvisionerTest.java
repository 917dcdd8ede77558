package dev.fieldgate.provisioning;

import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.ProxyDouble;
import dev.fieldgate.rig.ProvisioningServiceDouble;
import dev.fieldgate.rig.TestBroker;
import dev.fieldgate.rig.TestUplinkConfig;
import dev.fieldgate.uplink.hivemq.HivemqUplink;
import dev.fieldgate.util.Backoff;
import dev.fieldgate.util.PemTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Fleet provisioning by claim against a double of the provisioning API on the embedded mutual-TLS broker. */
class ClaimProvisionerTest {

    @TempDir
    Path root;

    private DemoPki pki;
    private TestBroker broker;
    private ProvisioningServiceDouble service;
    private IdentityStore store;

    @BeforeEach
    void start() throws Exception {
        pki = ClientTls.interopPki(root, "unused");
        pki.issueClient("claim", "claim-batch-7");
        broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"));
        service = new ProvisioningServiceDouble(broker.port(), pki, "FieldgateTemplate");
        store = new IdentityStore(root.resolve("data/identity"));
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        broker.close();
    }

    @Test
    void should_get_a_certificate_for_a_key_made_here_register_and_connect_with_the_new_identity() throws Exception {
        final Identity id = provisioner("FieldgateTemplate", Duration.ofSeconds(10)).provisionOnce();
        assertThat(id.thingName()).isEqualTo("line3-gw");
        assertThat(service.lastCsrSubject).isEqualTo("CN=line3-gw");
        assertThat(Files.getPosixFilePermissions(id.key()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        final X509Certificate cert = PemTls.certificates(id.cert()).get(0);
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=line3-gw");
        assertThat(Files.readString(root.resolve("data/identity/thing.json"))).contains("\"site\":\"line3\"");
        assertThat(Files.list(root.resolve("data/identity")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("gateway.pem", "gateway.key", "thing.json");

        // the new identity is accepted by the broker
        final HivemqUplink uplink = new HivemqUplink("line3-gw", TestUplinkConfig.of(broker.port(),
                UplinkConfig.MqttVersion.V3, pki.caFile(), pki.dir().resolve("claim.pem"), pki.dir().resolve("claim.key")));
        uplink.useIdentity(id.cert(), id.key());
        try {
            uplink.start();
            await().atMost(Duration.ofSeconds(15)).until(uplink::isConnected);
        } finally {
            uplink.close();
        }

        // never again once the identity exists
        final Identity again = provisioner("FieldgateTemplate", Duration.ofSeconds(10)).provisionOnce();
        assertThat(again).isEqualTo(id);
        assertThat(service.csrRequests.get()).isEqualTo(1);
        assertThat(service.provisionRequests.get()).isEqualTo(1);
    }

    @Test
    void should_resume_registration_after_a_crash_without_making_a_second_certificate() {
        service.silentOnProvision = true;
        assertThatThrownBy(() -> provisioner("FieldgateTemplate", Duration.ofSeconds(2)).provisionOnce())
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("no answer");
        // the "crashed" gateway kept the certificate and its token
        assertThat(store.pending()).isPresent();
        assertThat(store.current()).isEmpty();
        service.silentOnProvision = false;
        final Identity id = provisioner("FieldgateTemplate", Duration.ofSeconds(10)).provisionOnce();
        assertThat(id.thingName()).isEqualTo("line3-gw");
        assertThat(service.csrRequests.get()).as("one certificate only").isEqualTo(1);
        assertThat(service.provisionRequests.get()).isEqualTo(2);
    }

    @Test
    void should_report_a_refusal_and_start_over_when_the_token_is_refused() {
        service.refuseProvision = "InvalidCertificateOwnershipToken";
        final ProvisioningException e = org.junit.jupiter.api.Assertions.assertThrows(ProvisioningException.class,
                () -> provisioner("FieldgateTemplate", Duration.ofSeconds(10)).provisionOnce());
        assertThat(e.getMessage()).contains("400").contains("InvalidCertificateOwnershipToken");
        assertThat(e.tokenExpired()).isTrue();
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void should_keep_retrying_in_the_background_and_hand_over_the_identity_once_the_template_exists() {
        final ClaimProvisioner p = provisioner("NoSuchTemplate", Duration.ofSeconds(5));
        final AtomicReference<Identity> handed = new AtomicReference<>();
        p.start(handed::set);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> service.provisionRequests.get() >= 2);
            assertThat(p.status()).contains("404").contains("ResourceNotFoundException");
            assertThat(handed.get()).isNull();
            // the template is created in the cloud: the next attempt succeeds, with the certificate kept
            service.template = "NoSuchTemplate";
            await().atMost(Duration.ofSeconds(20)).until(() -> handed.get() != null);
            assertThat(handed.get().thingName()).isEqualTo("line3-gw");
            assertThat(p.status()).isEqualTo("provisioned as line3-gw");
            assertThat(service.csrRequests.get()).as("the kept certificate is reused while its token lives").isEqualTo(1);
        } finally {
            p.close();
        }
    }

    @Test
    void should_provision_on_443_with_alpn_through_the_plants_proxy() throws Exception {
        try (ProxyDouble proxy = new ProxyDouble(ProxyDouble.Kind.SOCKS5, Map.of(), "plant", "s3cret")) {
            final ProxyRules rules = ProxyRules.from(new dev.fieldgate.config.ProxyConfig() {
                @Override
                public java.util.Optional<String> url() {
                    return java.util.Optional.of("socks5://plant:s3cret@127.0.0.1:" + proxy.port());
                }

                @Override
                public java.util.Optional<java.util.List<String>> noProxy() {
                    return java.util.Optional.empty();
                }
            }, Map.of());
            final ClaimProvisioner p = new ClaimProvisioner(store, () -> new ProvisioningClient("localhost",
                    broker.port(), "x-amzn-mqtt-ca", rules, "line3-gw", pki.caFile(), pki.dir().resolve("claim.pem"),
                    pki.dir().resolve("claim.key"), Duration.ofSeconds(10)), "FieldgateTemplate",
                    Map.of("SerialNumber", "4711"), "line3-gw", new Backoff(Duration.ofMillis(200), Duration.ofMillis(500)));
            assertThat(p.provisionOnce().thingName()).isEqualTo("line3-gw");
            assertThat(proxy.targets()).containsOnly("localhost:" + broker.port());
        }
    }

    private ClaimProvisioner provisioner(final String template, final Duration timeout) {
        return new ClaimProvisioner(store, () -> new ProvisioningClient("localhost", broker.port(), "line3-gw",
                pki.caFile(), pki.dir().resolve("claim.pem"), pki.dir().resolve("claim.key"), timeout), template,
                Map.of("SerialNumber", "4711"), "line3-gw", new Backoff(Duration.ofMillis(200), Duration.ofMillis(500)));
    }
}
