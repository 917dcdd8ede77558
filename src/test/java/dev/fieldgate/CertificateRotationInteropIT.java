package dev.fieldgate;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.ClientTls;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.JobsCloudSide;
import dev.fieldgate.rig.JobsServiceDouble;
import dev.fieldgate.rig.Mosquitto;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.ProvisioningServiceDouble;
import dev.fieldgate.rig.SimulatedPlant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificate rotation by AWS IoT Jobs against Debian's Mosquitto with client certificates: a certificate issued by
 * the broker's CA is taken and the gateway reconnects with it; one issued by a CA the broker does not trust is
 * refused, and the gateway goes back to its old certificate and fails the job with the broker's reason.
 */
@Tag("interop")
class CertificateRotationInteropIT {

    private static final String GW = "rot-gw";

    @TempDir
    Path root;

    private Map<String, String> config(final DemoPki pki, final SimulatedPlant plant, final int port) {
        final Map<String, String> c = GatewaySettings.forBroker(GW, root, plant.adapters(), pki, port, "v5");
        c.put("fieldgate.jobs.enabled", "true");
        c.put("fieldgate.jobs.connack-window", "10s");
        return c;
    }

    @Test
    void should_reconnect_with_the_rotated_certificate_and_remove_nothing_the_operator_configured() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, GW);
        final int port = Ports.free();
        try (SimulatedPlant plant = new SimulatedPlant(root, "cell", "500ms", 1);
             Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), port);
             JobsCloudSide cloud = new JobsCloudSide(port, pki);
             ProvisioningServiceDouble certificates = new ProvisioningServiceDouble(port, pki, "unused");
             GatewayProcess gateway = GatewayProcess.start(config(pki, plant, port))) {
            cloud.jobs().createJob(GW, "rotate-ok", "{\"operation\":\"fieldgate.rotate-certificate\"}");

            await().atMost(Duration.ofSeconds(90)).until(() -> "SUCCEEDED".equals(status(cloud.jobs(), "rotate-ok")));
            assertThat(cloud.jobs().execution(GW, "rotate-ok").statusDetails().get("result"))
                    .startsWith("rotated to certificate ");
            final Path rotated = root.resolve("data/identity/rotated/rotate-ok");
            // the way back goes once the gateway has the service's acceptance of SUCCEEDED
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(
                    root.resolve("data/identity/active.json"))).contains(rotated.resolve("gateway.pem").toString())
                    .doesNotContain("previous"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rotated.resolve("gateway.key"))))
                    .isEqualTo("rw-------");
            // the configured files were not made by the gateway: they stay
            assertThat(pki.dir().resolve("gateway.pem")).exists();
            assertThat(gateway.output()).contains("switching to the client certificate " + rotated.resolve("gateway.pem"))
                    .doesNotContain("PRIVATE KEY");
            assertThat(certificates.csrRequests.get()).isEqualTo(1);
            // connected with it: the broker saw a second connection of the gateway, after the SUCCEEDED update
            await().atMost(Duration.ofSeconds(30)).until(() -> mosquitto.log().lines()
                    .filter(l -> l.contains("New client connected") && l.contains(GW)).count() >= 2);
        }
    }

    @Test
    void should_go_back_to_the_old_certificate_and_fail_the_job_when_the_broker_refuses_the_new_one() throws Exception {
        final DemoPki pki = ClientTls.interopPki(root, GW);
        final DemoPki foreign = DemoPki.create(root.resolve("foreign"), "Unregistered CA");
        final int port = Ports.free();
        try (SimulatedPlant plant = new SimulatedPlant(root, "cell", "500ms", 1);
             Mosquitto mosquitto = new Mosquitto(pki.dir(), root.resolve("mosquitto"), port);
             JobsCloudSide cloud = new JobsCloudSide(port, pki);
             ProvisioningServiceDouble certificates = new ProvisioningServiceDouble(port, pki, "unused");
             GatewayProcess gateway = GatewayProcess.start(config(pki, plant, port))) {
            certificates.signer = foreign;
            cloud.jobs().createJob(GW, "rotate-refused", "{\"operation\":\"fieldgate.rotate-certificate\"}");

            await().atMost(Duration.ofSeconds(90)).until(() -> "FAILED".equals(status(cloud.jobs(), "rotate-refused")));
            assertThat(cloud.jobs().execution(GW, "rotate-refused").statusDetails().get("reason"))
                    .contains("the broker did not accept certificate").contains("within 10 s")
                    .contains("back on the previous certificate");
            assertThat(Files.readString(root.resolve("data/identity/active.json")))
                    .contains(pki.dir().resolve("gateway.pem").toString()).doesNotContain("rotated/");
            assertThat(root.resolve("data/identity/rotated/rotate-refused")).doesNotExist();
            // the client with the refused certificate stopped trying: no more failed handshakes after the way back
            // (one attempt already scheduled may still be made: the one whose failure ends that client)
            assertThat(refusals(mosquitto)).as("the broker saw the refused certificate").isPositive();
            Thread.sleep(3000);   // several reconnect delays (fieldgate.uplink.reconnect-max=1s)
            final long refusals = refusals(mosquitto);
            Thread.sleep(3000);
            assertThat(refusals(mosquitto)).as("no handshakes with it after the switch back").isEqualTo(refusals);
            // and it carries on with the old one: the next job runs
            cloud.jobs().createJob(GW, "after", "{\"operation\":\"fieldgate.reboot\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> "REJECTED".equals(status(cloud.jobs(), "after")));
        }
    }

    private static long refusals(final Mosquitto mosquitto) {
        return mosquitto.log().lines().filter(l -> l.contains("OpenSSL Error") || l.contains("did not return a certificate")
                || l.contains("certificate verify failed")).count();
    }

    private static String status(final JobsServiceDouble jobs, final String id) {
        final JobsServiceDouble.Execution e = jobs.execution(GW, id);
        return e == null ? null : e.status();
    }
}
