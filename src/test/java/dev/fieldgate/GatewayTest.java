package dev.fieldgate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.field.adapter.ConfigProblem;
import dev.fieldgate.rig.CapturedMessage;
import dev.fieldgate.rig.CloudSide;
import dev.fieldgate.rig.ShadowCloudDouble;
import dev.fieldgate.rig.WebSession;
import dev.fieldgate.web.WebSecurity;
import dev.fieldgate.web.auth.Role;
import dev.fieldgate.rig.Delivery;
import dev.fieldgate.rig.FieldRig;
import dev.fieldgate.uplink.UplinkService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The whole gateway against real peers: j2mod servers, the H2 outbox, an mTLS broker. */
@QuarkusTest
@WithTestResource(FieldRig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayTest {

    private static final String THING = "test-gateway-plc-1";

    @Inject
    AdapterService field;

    @Inject
    BufferService buffer;

    @Inject
    UplinkService uplink;

    @Inject
    WebSecurity security;

    @Test
    @Order(1)
    void should_publish_each_device_on_its_own_topic_with_decoded_values() {
        final FieldRig rig = FieldRig.current;
        rig.set("meter-1", "voltage-l1", 229.01);
        rig.set("plc-1", "speed", -12.5);
        rig.set("plc-1", "running", true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final JsonNode meter = last(rig.broker.receivedFor("meter-1"));
            assertThat(value(meter, "voltage-l1")).isEqualTo(229.01);
            final JsonNode plc = last(rig.broker.receivedFor("plc-1"));
            assertThat(value(plc, "speed")).isEqualTo(-12.5);
            assertThat(reading(plc, "running").path("value").asBoolean()).isTrue();
        });
        final CapturedMessage m = rig.broker.receivedFor("meter-1").get(0);
        assertThat(m.topic()).isEqualTo("dt/fieldgate/test-gateway/meter-1/telemetry");
        final JsonNode json = m.json();
        assertThat(json.path("v").asInt()).isEqualTo(1);
        assertThat(json.path("gateway").asText()).isEqualTo("test-gateway");
        assertThat(json.path("messageId").asText()).matches("[0-9a-f]{8}-\\d+");
        final JsonNode r = reading(json, "voltage-l1");
        assertThat(r.path("unit").asText()).isEqualTo("V");
        assertThat(r.path("quality").asText()).isEqualTo("good");
        assertThat(r.path("ts").asLong()).isPositive();
    }

    @Test
    @Order(2)
    void should_report_an_unreachable_device_once_and_keep_polling_the_others() {
        final FieldRig rig = FieldRig.current;
        await().atMost(Duration.ofSeconds(10)).until(() -> !rig.broker.receivedFor("unplugged-1").isEmpty());
        final JsonNode bad = rig.broker.receivedFor("unplugged-1").get(0).json();
        assertThat(bad.path("readings").get(0).path("quality").asText()).isEqualTo("bad-no-connection");
        assertThat(bad.path("readings").get(0).path("error").asText()).contains("cannot connect");
        final int before = rig.broker.receivedFor("plc-1").size();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        // plc-1 polls every 100 ms: about 30 messages in 3 s, undisturbed by the dead connection's retries
        assertThat(rig.broker.receivedFor("plc-1").size() - before).isGreaterThan(20);
        assertThat(rig.broker.receivedFor("unplugged-1")).hasSize(1);
    }

    @Test
    @Order(3)
    void should_reject_a_bad_adapter_file_naming_line_and_key() {
        final List<ConfigProblem> problems = field.problems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).file()).endsWith("broken.yaml");
        assertThat(problems.get(0).line()).isEqualTo(4);
        assertThat(problems.get(0).key()).isEqualTo("devices[0].interval");
        assertThat(problems.get(0).message()).contains("'fast' is not a duration");
    }

    @Test
    @Order(4)
    void should_expose_health_and_metrics() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'uplink' }.data.connected", equalTo(true));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("fieldgate_readings_accepted_total"))
                .body(containsString("fieldgate_buffer_depth"))
                .body(containsString("fieldgate_uplink_certificate_days_left "))
                .body(containsString("fieldgate_poll_errors_total{device=\"unplugged-1\",kind=\"bad-no-connection\"}"));
    }

    @Test
    @Order(4)
    void should_send_the_security_headers_with_the_page_and_the_api() {
        for (final String path : new String[] {"/", "/app.js", "/api/status"}) {
            given().when().get(path).then()
                    .header("Content-Security-Policy", containsString("script-src 'self';"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Referrer-Policy", equalTo("no-referrer"));
        }
    }

    @Test
    @Order(4)
    void should_list_serial_ports_for_the_technicians_page() {
        // pseudo-terminals are not listed and a CI machine has no UART: an empty list is a valid answer
        technician().request().get("/api/serial-ports").then().statusCode(200).body(org.hamcrest.Matchers.startsWith("["));
    }

    @Test
    @Order(5)
    void should_deliver_every_reading_in_order_after_the_broker_was_down() {
        final FieldRig rig = FieldRig.current;
        rig.broker.stop();
        final long stoppedAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> !uplink.status().orElseThrow().connected());
        // polling goes on: the backlog grows while the broker is away
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20))
                .until(() -> buffer.outbox().orElseThrow().stats().depth() > 50);
        rig.broker.start();
        final long restartedAt = System.currentTimeMillis();
        // drained: whatever is still stored was accepted after the broker came back
        await().atMost(Duration.ofSeconds(30)).until(() -> uplink.status().orElseThrow().connected()
                && (buffer.outbox().orElseThrow().stats().depth() == 0 || buffer.outbox().orElseThrow().stats().oldestCreatedAt() > restartedAt));

        final List<CapturedMessage> all = rig.broker.received();
        final TreeSet<Long> seen = new TreeSet<>();
        all.forEach(m -> seen.add(m.sequence()));
        // outbox ids are handed out one after another: a hole would be a lost message
        assertThat(seen.last() - seen.first() + 1).as("no message lost").isEqualTo(seen.size());
        Delivery.assertInOrderPerDevice(all);
        final long during = all.stream().filter(m -> readingTime(m) > stoppedAt).count();
        // 15 messages/s for at least 4 s of outage
        assertThat(during).as("readings taken during the outage arrived").isGreaterThan(40);
    }

    @Test
    @Order(6)
    void should_write_a_desired_set_point_from_the_cloud_to_the_device_and_report_it() throws Exception {
        final FieldRig rig = FieldRig.current;
        final ShadowCloudDouble cloud = rig.cloud().shadows();
        // the gateway created the cloud shadow from what it polled
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.document(THING, "points") != null
                && cloud.document(THING, "points").reported().path("points").has("counter"));
        cloud.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"speed-ref\":12.5}}}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(rig.get("plc-1", "speed-ref")).isEqualTo(12.5);
            final JsonNode reported = cloud.document(THING, "points").reported();
            assertThat(reported.path("points").path("speed-ref").asDouble()).isEqualTo(12.5);
            assertThat(reported.path("writes").path("speed-ref").path("status").asText()).isEqualTo("DONE");
            assertThat(cloud.document(THING, "points").delta().path("points").has("speed-ref")).isFalse();
        });
        // out of range: refused with the reason in the shadow, the device keeps its value, no retry
        cloud.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"speed-ref\":80}}}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final JsonNode write = cloud.document(THING, "points").reported().path("writes").path("speed-ref");
            assertThat(write.path("status").asText()).isEqualTo("FAILED");
            assertThat(write.path("code").asText()).isEqualTo("OUT_OF_RANGE");
            assertThat(write.path("reason").asText()).contains("0.0 .. 50.0");
        });
        assertThat(rig.get("plc-1", "speed-ref")).isEqualTo(12.5);
        // an object is not a value: refused for what it is
        cloud.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"speed-ref\":{\"v\":1}}}}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cloud.document(THING, "points").reported()
                .path("writes").path("speed-ref").path("reason").asText()).contains("an object"));
        // a good write after failed ones: DONE, with no error left over from them
        cloud.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"speed-ref\":20}}}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final JsonNode write = cloud.document(THING, "points").reported().path("writes").path("speed-ref");
            assertThat(write.path("status").asText()).isEqualTo("DONE");
            assertThat(write.has("code")).as("stale error code").isFalse();
            assertThat(write.has("reason")).as("stale reason").isFalse();
        });
        assertThat(rig.get("plc-1", "speed-ref")).isEqualTo(20.0);
    }

    @Test
    @Order(7)
    void should_answer_commands_and_run_each_once() throws Exception {
        final FieldRig rig = FieldRig.current;
        final CloudSide cloud = rig.cloud();
        final String topic = "cmd/fieldgate/test-gateway/plc-1/req";
        final String write = "{\"session-id\":\"w-1\",\"op\":\"write\",\"points\":{\"running\":false,\"speed-ref\":7.25}}";
        cloud.command(topic, write);
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.reply("w-1") != null);
        final JsonNode reply = cloud.reply("w-1").json();
        assertThat(reply.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(reply.path("result").path("points").path("speed-ref").path("read-back").asDouble()).isEqualTo(7.25);
        assertThat(rig.get("plc-1", "running")).isEqualTo(false);
        assertThat(rig.get("plc-1", "speed-ref")).isEqualTo(7.25);

        rig.set("plc-1", "speed-ref", 3.0);
        cloud.command(topic, write);
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.replies().stream()
                .filter(m -> "w-1".equals(m.json().path("session-id").asText())).count() == 2);
        assertThat(rig.get("plc-1", "speed-ref")).as("a repeated request is answered, not run again").isEqualTo(3.0);

        cloud.command(topic, "{\"session-id\":\"r-1\",\"op\":\"read\",\"points\":[\"speed-ref\",\"counter\"]}");
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.reply("r-1") != null);
        assertThat(cloud.reply("r-1").json().path("result").path("points").path("speed-ref").path("value").asDouble())
                .isEqualTo(3.0);
        assertThat(cloud.reply("r-1").json().path("result").path("points").path("speed-ref").path("quality").asText())
                .as("the same quality words as telemetry").isEqualTo("good");

        cloud.command(topic, "{\"session-id\":\"bad-1\",\"op\":\"write\",\"points\":{\"counter\":1}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.reply("bad-1") != null);
        assertThat(cloud.reply("bad-1").json().path("error").path("code").asText()).isEqualTo("NOT_WRITABLE");

        cloud.command("cmd/fieldgate/test-gateway/unplugged-1/req", "{\"session-id\":\"s-1\",\"op\":\"read\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.reply("s-1") != null);
        assertThat(cloud.reply("s-1").json().path("error").path("code").asText()).isEqualTo("DEVICE_UNREACHABLE");
    }

    @Test
    @Order(8)
    void should_serve_the_local_shadow_cache_over_http_with_the_services_errors() {
        final WebSession web = technician();
        web.request().get("/api/shadows/plc-1/points").then().statusCode(200)
                .body("state.reported.points.counter", org.hamcrest.Matchers.notNullValue());
        web.request().contentType("application/json").body("{\"state\":{\"desired\":{\"note\":\"calibrated\"}}}")
                .post("/api/shadows/plc-1/maintenance").then().statusCode(200).body("version", equalTo(1));
        web.request().contentType("application/json").body("{\"state\":{\"desired\":{\"note\":\"x\"}},\"version\":7}")
                .post("/api/shadows/plc-1/maintenance").then().statusCode(409).body("message", equalTo("Version conflict"));
        web.request().contentType("application/json").body("{\"state\":")
                .post("/api/shadows/plc-1/maintenance").then().statusCode(400).body("code", equalTo(400));
        web.request().get("/api/shadows/nobody/points").then().statusCode(404);
        web.request().get("/api/shadows/plc-1/bad%20name").then().statusCode(400);
    }

    @Test
    @Order(9)
    void should_guard_the_api_with_sessions_roles_csrf_and_a_lockout() {
        given().get("/api/adapters").then().statusCode(401);
        given().get("/api/status").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
        final WebSession tech = technician();
        tech.withoutCsrf().contentType("application/json").body("{\"yaml\":\"kind: x\"}").put("/api/adapters/forged")
                .then().statusCode(403).body("error", containsString("CSRF"));
        security.accounts().save("watcher", Role.VIEWER, "viewer-password-1");
        final WebSession viewer = WebSession.signIn("watcher", "viewer-password-1");
        viewer.request().get("/api/devices").then().statusCode(200);
        viewer.request().contentType("application/json").body("{\"enabled\":false}").post("/api/adapters/plant/enabled")
                .then().statusCode(403).body("error", containsString("technician"));
        viewer.request().get("/api/accounts").then().statusCode(403);
        for (int i = 0; i < 5; i++) {
            given().contentType("application/json").body("{\"name\":\"watcher\",\"password\":\"wrong-password-" + i + "\"}")
                    .post("/api/session").then().statusCode(401).body("error", equalTo("Wrong name or password."));
        }
        given().contentType("application/json").body("{\"name\":\"watcher\",\"password\":\"viewer-password-1\"}")
                .post("/api/session").then().statusCode(401).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("error", containsString("Too many failed attempts"));
        given().contentType("application/json").body("{\"name\":\"nobody\",\"password\":\"whatever-it-is\"}")
                .post("/api/session").then().statusCode(401).body("error", equalTo("Wrong name or password."));
        given().contentType("application/json").body("{\"code\":\"guess\",\"name\":\"x\",\"password\":\"p\"}")
                .post("/api/setup").then().statusCode(409);
        tech.request().get("/api/status").then().statusCode(200).body("uplink.endpoint", notNullValue())
                .body(not(containsString("PRIVATE KEY")));
    }

    @Test
    @Order(10)
    void should_check_save_apply_test_read_and_delete_an_adapter_from_the_page() {
        final FieldRig rig = FieldRig.current;
        final WebSession web = technician();
        final String port = rig.plantAdapter.connection().address().replaceAll(".*:", "");
        web.request().contentType("application/json").body(Map.of("yaml", "kind: modbus-tcp\nconnection: {host: 127.0.0.1}\n"
                + "devices:\n  - {id: web-plc, unit-id: 2, points: [{name: speed, register-type: holding-register, address: 1,"
                + " data-type: flaot32}]}\n")).put("/api/adapters/web-plc").then().statusCode(422)
                .body("problem.line", equalTo(4)).body("problem.key", containsString("data-type"))
                .body("problem.message", containsString("flaot32"));
        final String yaml = "kind: modbus-tcp\nconnection: {host: 127.0.0.1, port: " + port + ", timeout: 300ms}\n"
                + "devices:\n  - {id: web-plc, unit-id: 2, interval: 200ms, points: [{name: speed, register-type: holding-register,"
                + " address: 1, data-type: float32, word-order: little, unit: m/s}]}\n";
        rig.set("plc-1", "speed", 4.75);
        web.request().contentType("application/json").body(Map.of("yaml", yaml, "device", "web-plc"))
                .post("/api/adapters/test-read").then().statusCode(200)
                .body("points[0].value", equalTo(4.75f)).body("points[0].byOrder.CDAB", equalTo(4.75f))
                .body("points[0].raw", org.hamcrest.Matchers.matchesPattern("[0-9A-F]{4} [0-9A-F]{4}"));
        // not a port scanner: a host no adapter file names is refused
        web.request().contentType("application/json").body(Map.of("yaml", yaml.replace("127.0.0.1", "10.255.255.1"),
                "device", "web-plc")).post("/api/adapters/test-read").then().statusCode(403)
                .body("error", containsString("10.255.255.1 is neither"));
        web.request().contentType("application/json").body(Map.of("yaml", yaml)).put("/api/adapters/web-plc")
                .then().statusCode(200).body("message", containsString("reloaded"));
        await().atMost(Duration.ofSeconds(10)).until(() -> web.request().get("/api/devices").jsonPath()
                .getList("findAll { it.id == 'web-plc' }.points.speed.value").toString().contains("4.75"));
        assertThat(Files.exists(rig.root.resolve("adapters/web-plc.yaml"))).isTrue();
        web.request().contentType("application/json").body(Map.of("yaml", yaml.replace("web-plc", "plc-1")))
                .put("/api/adapters/dup").then().statusCode(422).body("problem.message", containsString("which runs it"));
        web.request().delete("/api/adapters/web-plc").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !field.devices().exists("web-plc"));
        assertThat(field.devices().exists("plc-1")).as("the other adapters kept running").isTrue();
    }

    @Test
    @Order(10)
    void should_apply_adapter_files_changed_in_the_directory_and_keep_the_running_version_of_a_broken_one()
            throws Exception {
        final FieldRig rig = FieldRig.current;
        final Path file = rig.root.resolve("adapters/hand-plc.yaml");
        final String port = rig.plantAdapter.connection().address().replaceAll(".*:", "");
        // a technician copies a file in by hand: no restart, no page
        Files.writeString(file, "kind: modbus-tcp\nconnection: {host: 127.0.0.1, port: " + port
                + ", timeout: 300ms}\ndevices:\n  - {id: hand-plc, unit-id: 2, interval: 200ms, points: [{name: speed,"
                + " register-type: holding-register, address: 1, data-type: float32, word-order: little}]}\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> field.devices().exists("hand-plc"));

        Files.writeString(file, "kind: modbus-tcp\nconnection: {host: 127.0.0.1}\ndevices: [{id: x, unit-id: oops}]\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> field.problems().stream()
                .anyMatch(p -> p.file().endsWith("hand-plc.yaml")));
        assertThat(field.devices().exists("hand-plc")).as("the running version stays").isTrue();

        Files.delete(file);
        await().atMost(Duration.ofSeconds(15)).until(() -> !field.devices().exists("hand-plc"));
        assertThat(field.problems()).noneMatch(p -> p.file().endsWith("hand-plc.yaml"));
        assertThat(field.devices().exists("plc-1")).as("the other adapters kept running").isTrue();
    }

    @Test
    @Order(11)
    void should_list_refused_messages_to_viewers_and_let_only_the_right_roles_act_on_them() {
        final WebSession tech = technician();
        tech.request().get("/api/buffer/refused").then().statusCode(200).body("kept", equalTo(0))
                .body("messages", org.hamcrest.Matchers.empty());
        tech.request().get("/api/buffer/refused?max=0").then().statusCode(400).body("error", containsString("max"));
        tech.request().get("/api/status").then().statusCode(200).body("buffer.refused", equalTo(0));
        tech.request().post("/api/buffer/refused/resend").then().statusCode(200).body("resent", equalTo(0));
        tech.request().delete("/api/buffer/refused").then().statusCode(403).body("error", containsString("admin"));
        tech.withoutCsrf().post("/api/buffer/refused/resend").then().statusCode(403);
        security.accounts().save("watcher-2", Role.VIEWER, "viewer-password-2");
        final WebSession viewer = WebSession.signIn("watcher-2", "viewer-password-2");
        viewer.request().get("/api/buffer/refused").then().statusCode(200);
        viewer.request().post("/api/buffer/refused/resend").then().statusCode(403);
        security.accounts().save("boss", Role.ADMIN, "admin-password-12");
        WebSession.signIn("boss", "admin-password-12").request().delete("/api/buffer/refused").then().statusCode(200)
                .body("discarded", equalTo(0));
    }

    @Test
    @Order(12)
    void should_show_the_last_rollout_to_viewers_and_let_only_technicians_roll_it_back() {
        final WebSession tech = technician();
        // jobs are off in this gateway: nothing to show, and a rollback says why it cannot be done
        tech.request().get("/api/jobs/rollout").then().statusCode(200).body("rollout", nullValue());
        tech.withoutCsrf().post("/api/jobs/rollout/rollback").then().statusCode(403).body("error", containsString("CSRF"));
        tech.request().post("/api/jobs/rollout/rollback").then().statusCode(409)
                .body("error", containsString("fieldgate.jobs.enabled=false"));
        security.accounts().save("watcher-3", Role.VIEWER, "viewer-password-3");
        final WebSession viewer = WebSession.signIn("watcher-3", "viewer-password-3");
        viewer.request().get("/api/jobs/rollout").then().statusCode(200);
        viewer.request().post("/api/jobs/rollout/rollback").then().statusCode(403);
        // the rig's certificate is good for 825 days: days left, no warning
        tech.request().get("/api/status").then().statusCode(200)
                .body("uplink.certificateDaysLeft", org.hamcrest.Matchers.greaterThan(800))
                .body("uplink.certificateWarning", nullValue());
    }

    private WebSession technician() {
        security.accounts().save("tech", Role.TECHNICIAN, "technician-password-1");
        security.setupDone();
        return WebSession.signIn("tech", "technician-password-1");
    }

    private static long readingTime(final CapturedMessage m) {
        return m.json().path("readings").get(0).path("ts").asLong();
    }

    private static JsonNode last(final List<CapturedMessage> messages) {
        assertThat(messages).isNotEmpty();
        return messages.get(messages.size() - 1).json();
    }

    private static JsonNode reading(final JsonNode message, final String point) {
        return StreamSupport.stream(message.path("readings").spliterator(), false)
                .filter(r -> point.equals(r.path("point").asText())).findFirst().orElseThrow();
    }

    private static double value(final JsonNode message, final String point) {
        return reading(message, point).path("value").asDouble();
    }
}
