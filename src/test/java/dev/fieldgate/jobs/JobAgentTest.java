package dev.fieldgate.jobs;

import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.rig.JobsServiceDouble;
import dev.fieldgate.rig.LoopbackUplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Jobs device side against the Jobs service double over a loopback uplink: the execution lifecycle of the
 * developer guide (start-next, progress, terminal update), version conflicts, step timers, cancellation, restarts.
 */
class JobAgentTest {

    private static final String THING = "gw-1";
    private static final String OLD = "kind: modbus-tcp\nconnection:\n  host: 127.0.0.1\n  port: 15999\ndevices:\n"
            + "  - id: boiler-1\n    unit-id: 1\n    profile: xy-md02\n";
    private static final String NEW = OLD.replace("unit-id: 1", "unit-id: 2");

    @TempDir
    Path tmp;
    private final LoopbackUplink loop = new LoopbackUplink();
    private final JobsServiceDouble cloud = new JobsServiceDouble(loop::deliver);
    private FakeAdapterTarget target;
    private JobStore store;
    private JobAgent agent;
    private AdapterRollout rollout;

    private void start(final Duration healthWindow) {
        target = target == null ? new FakeAdapterTarget(tmp.resolve("adapters")) : target;
        store = new JobStore(tmp.resolve("jobs"));
        rollout = new AdapterRollout(target, tmp.resolve("jobs/work"),
                new AdapterFetcher(Duration.ofSeconds(5), 1 << 20), new RolloutHealth(target, healthWindow), 4 << 20);
        loop.cloud(cloud::handle);
        agent = new JobAgent(new JobTopics(THING), loop, (t, p) -> loop.publish(t, p, 1), store,
                Map.of(AdapterRolloutDocument.OPERATION, rollout), 10, 2000);
        loop.connected(true);
        agent.start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (store != null) {
            store.close();
        }
        loop.close();
    }

    private static String rollout(final String name, final String yaml) {
        return "{\"operation\":\"fieldgate.adapters\",\"files\":[{\"name\":\"" + name + "\",\"content\":"
                + JobMessages.JSON.valueToTree(yaml) + "}]}";
    }

    private JobsServiceDouble.Execution job(final String id) {
        return cloud.execution(THING, id);
    }

    private String live() throws Exception {
        return Files.readString(tmp.resolve("adapters/boiler.yaml"), StandardCharsets.UTF_8);
    }

    private void existing() throws Exception {
        Files.createDirectories(tmp.resolve("adapters"));
        Files.writeString(tmp.resolve("adapters/boiler.yaml"), OLD);
        target = new FakeAdapterTarget(tmp.resolve("adapters"));
        target.runners.put("boiler-1", "boiler");
    }

    @Test
    void should_apply_a_rollout_watch_the_device_and_report_succeeded() throws Exception {
        existing();
        target.answerAfterReload.put("boiler-1", "boiler");
        start(Duration.ofSeconds(5));
        cloud.createJob(THING, "roll-1", rollout("boiler", NEW));

        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(job("roll-1").status()));
        assertThat(live()).isEqualTo(NEW);
        assertThat(job("roll-1").statusDetails()).containsEntry("result", "applied boiler");
        assertThat(cloud.acceptedUpdates()).containsExactly("roll-1:IN_PROGRESS", "roll-1:IN_PROGRESS",
                "roll-1:SUCCEEDED");
        assertThat(target.reloads).containsExactly("boiler");
        await().until(() -> store.find("roll-1").orElseThrow().reported());
        if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("adapters/boiler.yaml"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void should_take_queued_jobs_one_after_the_other() throws Exception {
        target = new FakeAdapterTarget(tmp.resolve("adapters"));
        target.answerAfterReload.put("boiler-1", "boiler");
        target.answerAfterReload.put("press-1", "press");
        cloud.createJob(THING, "a", rollout("boiler", OLD));
        cloud.createJob(THING, "b", rollout("press", OLD.replace("boiler-1", "press-1")));
        start(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(job("b").status()));
        assertThat(job("a").status()).isEqualTo("SUCCEEDED");
        assertThat(cloud.acceptedUpdates()).containsSubsequence("a:SUCCEEDED", "b:IN_PROGRESS");
    }

    @Test
    void should_reject_an_unknown_document_with_the_reason() {
        start(Duration.ofSeconds(1));
        cloud.createJob(THING, "bad-1", "{\"operation\":\"fieldgate.reboot\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> "REJECTED".equals(job("bad-1").status()));
        assertThat(job("bad-1").statusDetails().get("reason")).contains("operation: unknown 'fieldgate.reboot'");
    }

    @Test
    void should_fail_without_changing_anything_when_the_loader_refuses_a_file() throws Exception {
        existing();
        start(Duration.ofSeconds(1));
        cloud.createJob(THING, "roll-2", rollout("boiler", OLD.replace("unit-id: 1", "unit-id: 300")));

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(job("roll-2").status()));
        assertThat(job("roll-2").statusDetails().get("reason")).contains("file boiler line").contains("unit-id")
                .contains("nothing changed");
        assertThat(live()).isEqualTo(OLD);
        assertThat(target.reloads).isEmpty();
    }

    @Test
    void should_restore_the_previous_files_and_name_the_device_when_it_stays_silent() throws Exception {
        existing();
        target.statuses.put("boiler-1", new DeviceStatus("boiler-1", false, 0, "connection refused"));
        start(Duration.ofSeconds(1));
        cloud.createJob(THING, "roll-3", rollout("boiler", NEW));

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(job("roll-3").status()));
        assertThat(job("roll-3").statusDetails().get("reason")).contains("device boiler-1: no answer (connection refused)")
                .contains("previous adapter files restored");
        assertThat(live()).isEqualTo(OLD);
        assertThat(target.reloads).containsExactly("boiler", "boiler");
    }

    @Test
    void should_delete_a_new_file_again_when_its_rollout_fails() throws Exception {
        start(Duration.ofSeconds(1));
        cloud.createJob(THING, "roll-4", rollout("boiler", NEW));

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(job("roll-4").status()));
        assertThat(tmp.resolve("adapters/boiler.yaml")).doesNotExist();
    }

    @Test
    void should_stop_and_roll_back_when_the_job_is_canceled_mid_job() throws Exception {
        existing();
        start(Duration.ofSeconds(30));
        cloud.createJob(THING, "roll-5", rollout("boiler", NEW));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.find("roll-5").map(JobRecord::step).orElse(0) >= 2);
        assertThat(live()).isEqualTo(NEW);

        cloud.cancel(THING, "roll-5");

        await().atMost(Duration.ofSeconds(10)).until(() -> !store.find("roll-5").orElseThrow().running());
        assertThat(store.find("roll-5").orElseThrow().detail()).startsWith("canceled: the service ended the execution");
        assertThat(live()).isEqualTo(OLD);
        assertThat(job("roll-5").status()).isEqualTo("CANCELED");
    }

    @Test
    void should_roll_back_when_the_step_timer_runs_out() throws Exception {
        existing();
        start(Duration.ofSeconds(30));
        cloud.createJob(THING, "roll-6", rollout("boiler", NEW));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.find("roll-6").map(JobRecord::step).orElse(0) >= 2);

        cloud.advance(Duration.ofMinutes(11));   // the gateway asked for 10 minutes per step

        await().atMost(Duration.ofSeconds(10)).until(() -> !store.find("roll-6").orElseThrow().running());
        assertThat(job("roll-6").status()).isEqualTo("TIMED_OUT");
        assertThat(live()).isEqualTo(OLD);
    }

    @Test
    void should_take_the_current_version_after_a_version_mismatch_and_update_again() throws Exception {
        existing();
        target.answerAfterReload.put("boiler-1", "boiler");
        target.onReload = () -> cloud.bumpVersion(THING, "roll-7");
        start(Duration.ofSeconds(5));
        cloud.createJob(THING, "roll-7", rollout("boiler", NEW));

        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(job("roll-7").status()));
        assertThat(cloud.rejections()).containsExactly("VersionMismatch");
    }

    @Test
    void should_roll_back_a_rollout_a_crash_interrupted_and_report_it_failed_without_running_it_again()
            throws Exception {
        existing();
        cloud.createJob(THING, "roll-8", rollout("boiler", NEW));
        cloud.handle("$aws/things/" + THING + "/jobs/start-next", "{}".getBytes(StandardCharsets.UTF_8));
        // what a kill -9 after step 2 leaves: the record at step 2, the backup, the new file in place
        try (JobStore before = new JobStore(tmp.resolve("jobs"))) {
            before.begin("roll-8", AdapterRolloutDocument.OPERATION, job("roll-8").version());
            before.step("roll-8", 2);
        }
        Files.createDirectories(tmp.resolve("jobs/work/roll-8/old"));
        Files.writeString(tmp.resolve("jobs/work/roll-8/old/boiler.yaml"), OLD);
        Files.writeString(tmp.resolve("adapters/boiler.yaml"), NEW);

        start(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(job("roll-8").status()));
        assertThat(job("roll-8").statusDetails().get("reason")).contains("restarted during the rollout (step 2)");
        assertThat(live()).isEqualTo(OLD);
        assertThat(target.reloads).containsExactly("boiler");
    }

    @Test
    void should_report_a_result_decided_before_a_restart_instead_of_running_the_job_again() throws Exception {
        existing();
        cloud.createJob(THING, "roll-9", rollout("boiler", NEW));
        cloud.handle("$aws/things/" + THING + "/jobs/start-next", "{}".getBytes(StandardCharsets.UTF_8));
        try (JobStore before = new JobStore(tmp.resolve("jobs"))) {
            before.begin("roll-9", AdapterRolloutDocument.OPERATION, job("roll-9").version());
            before.finish("roll-9", "SUCCEEDED", "applied boiler");
        }

        start(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(job("roll-9").status()));
        assertThat(target.reloads).isEmpty();
        assertThat(live()).isEqualTo(OLD);
    }

    @Test
    void should_roll_the_last_successful_rollout_back_by_hand_once() throws Exception {
        existing();
        target.answerAfterReload.put("boiler-1", "boiler");
        start(Duration.ofSeconds(5));
        cloud.createJob(THING, "roll-10", rollout("boiler", NEW));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(job("roll-10").status()));

        final String done = new ManualRollback(agent, store, rollout).run();

        assertThat(done).isEqualTo("restored boiler as before job roll-10");
        assertThat(live()).isEqualTo(OLD);
        assertThat(store.last(AdapterRolloutDocument.OPERATION).orElseThrow().state()).isEqualTo("ROLLED_BACK");
        assertThatThrownBy(() -> new ManualRollback(agent, store, rollout).run())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is ROLLED_BACK");
    }
}
