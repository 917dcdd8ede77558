package dev.fieldgate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.rig.GatewayProcess;
import dev.fieldgate.rig.GatewaySettings;
import dev.fieldgate.rig.JobsCloudSide;
import dev.fieldgate.rig.JobsServiceDouble;
import dev.fieldgate.rig.Ports;
import dev.fieldgate.rig.ProvisioningServiceDouble;
import dev.fieldgate.rig.SimulatedPlant;
import dev.fieldgate.rig.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway is killed with SIGKILL in the middle of each job type; after a restart the job is rolled
 * back and reported FAILED, never left half-applied and never run a second time.
 */
class JobsCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private static Map<String, String> config(final String id, final Path root, final Path adapters, final DemoPki pki,
                                              final int port) {
        final Map<String, String> c = GatewaySettings.forBroker(id, root, adapters, pki, port, "v3");
        c.put("fieldgate.jobs.enabled", "true");
        c.put("fieldgate.jobs.request-timeout", "5s");
        return c;
    }

    @Test
    void should_roll_back_an_adapter_rollout_killed_during_its_health_window() throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Jobs CA");
        pki.issueClient("gateway", "jobs-gw");
        pki.issueClient("backend", "backend");
        try (SimulatedPlant plant = new SimulatedPlant(root, "cell", "200ms", 1);
             TestBroker broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"));
             JobsCloudSide cloud = new JobsCloudSide(broker.port(), pki)) {
            final Path plantFile = plant.adapters().resolve("plant.yaml");
            final String before = Files.readString(plantFile);
            final Map<String, String> config = config("jobs-gw", root, plant.adapters(), pki, broker.port());
            config.put("fieldgate.jobs.health-window", "5m");
            // file 1 changes the running adapter; file 2 adds a device nobody answers for: the window never ends
            final String ghost = "kind: modbus-tcp\nconnection: {host: 127.0.0.1, port: " + Ports.free() + "}\n"
                    + "devices:\n  - {id: ghost-1, unit-id: 1, points: [{name: n, register-type: holding-register, "
                    + "address: 0}]}\n";
            final String doc = JSON.createObjectNode().put("operation", "fieldgate.adapters").set("files",
                    JSON.createArrayNode()
                            .add(JSON.createObjectNode().put("name", "plant").put("content",
                                    before.replace("interval: 200ms", "interval: 300ms")))
                            .add(JSON.createObjectNode().put("name", "ghost").put("content", ghost))).toString();
            cloud.jobs().createJob("jobs-gw", "rollout-1", doc);

            final GatewayProcess first = GatewayProcess.start(config);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> "3".equals(step(cloud.jobs(), "rollout-1")));
                assertThat(Files.readString(plantFile)).as("applied before the kill").contains("interval: 300ms");
                assertThat(plant.adapters().resolve("ghost.yaml")).exists();
                first.kill9();
                assertThat(first.exitCode()).isEqualTo(137);
            } finally {
                first.close();
            }
            final int updatesBefore = cloud.jobs().acceptedUpdates().size();

            try (GatewayProcess second = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(status(cloud.jobs(), "rollout-1")));
                assertThat(cloud.jobs().execution("jobs-gw", "rollout-1").statusDetails().get("reason"))
                        .contains("restarted during the rollout (step 3)").contains("previous adapter files restored");
                assertThat(Files.readString(plantFile)).isEqualTo(before);
                assertThat(plant.adapters().resolve("ghost.yaml")).doesNotExist();
                assertThat(cloud.jobs().acceptedUpdates().subList(updatesBefore, cloud.jobs().acceptedUpdates().size()))
                        .as("reported once, never run again").containsExactly("rollout-1:FAILED");
                assertThat(second.output()).doesNotContain("Job rollout-1 (fieldgate.adapters) started");
            }
        }
    }

    @Test
    void should_go_back_to_the_old_certificate_when_killed_while_the_broker_is_asked_to_take_the_new_one()
            throws Exception {
        final DemoPki pki = DemoPki.create(root.resolve("pki"), "Jobs CA");
        pki.issueClient("gateway", "rot-gw");
        pki.issueClient("backend", "backend");
        // the certificate service signs with a CA the broker does not trust: the new certificate is never accepted
        final DemoPki foreign = DemoPki.create(root.resolve("foreign"), "Unregistered CA");
        try (SimulatedPlant plant = new SimulatedPlant(root, "cell", "500ms", 1);
             TestBroker broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"));
             JobsCloudSide cloud = new JobsCloudSide(broker.port(), pki);
             ProvisioningServiceDouble certificates = new ProvisioningServiceDouble(broker.port(), pki, "unused")) {
            certificates.signer = foreign;
            final Map<String, String> config = config("rot-gw", root, plant.adapters(), pki, broker.port());
            config.put("fieldgate.jobs.connack-window", "5m");
            cloud.jobs().createJob("rot-gw", "rotate-1", "{\"operation\":\"fieldgate.rotate-certificate\"}");

            final GatewayProcess first = GatewayProcess.start(config);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> "2".equals(step(cloud.jobs(), "rotate-1")));
                // the switch is under way: active.json names the new certificate, which the broker refuses
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(root.resolve("data/identity/active.json"))
                        && Files.readString(root.resolve("data/identity/active.json")).contains("rotated/rotate-1"));
                first.kill9();
            } finally {
                first.close();
            }

            try (GatewayProcess second = GatewayProcess.start(config)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> "FAILED".equals(status(cloud.jobs(), "rotate-1")));
                assertThat(cloud.jobs().execution("rot-gw", "rotate-1").statusDetails().get("reason"))
                        .contains("restarted during the certificate rotation").contains("back on the previous certificate");
                assertThat(Files.readString(root.resolve("data/identity/active.json")))
                        .contains(pki.dir().resolve("gateway.pem").toString()).doesNotContain("rotated/");
                assertThat(root.resolve("data/identity/rotated/rotate-1")).doesNotExist();
                assertThat(certificates.csrRequests.get()).as("never asked again").isEqualTo(1);
                assertThat(second.output()).doesNotContain("PRIVATE KEY");
            }
        }
    }

    private static String step(final JobsServiceDouble jobs, final String id) {
        final JobsServiceDouble.Execution e = jobs.execution(id.startsWith("rot") ? "rot-gw" : "jobs-gw", id);
        return e == null ? null : e.statusDetails().get("step");
    }

    private static String status(final JobsServiceDouble jobs, final String id) {
        final JobsServiceDouble.Execution e = jobs.execution(id.startsWith("rot") ? "rot-gw" : "jobs-gw", id);
        return e == null ? null : e.status();
    }
}
