package dev.fieldgate.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fieldgate.config.CommandConfig;
import dev.fieldgate.field.Device;
import dev.fieldgate.field.DeviceControl;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.LatestValues;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.WriteOutcome;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import dev.fieldgate.rig.LoopbackUplink;
import dev.fieldgate.uplink.ControlPublisher;
import dev.fieldgate.uplink.InboundMessage;
import dev.fieldgate.uplink.PublishPacer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Command validation and once-only execution, with hostile input thrown at the handler. */
class CommandHandlerTest {

    private static final String TOPIC = "cmd/fieldgate/gw/pump-1/req";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final LoopbackUplink uplink = new LoopbackUplink();
    private final List<String[]> replies = new CopyOnWriteArrayList<>();
    private final List<String> wire = new CopyOnWriteArrayList<>();
    private final Directory devices = new Directory();
    private final List<String> schemaRequests = new CopyOnWriteArrayList<>();
    private CommandHandler handler;
    private volatile boolean reachable = true;

    @BeforeEach
    void start() {
        uplink.cloud((t, p) -> replies.add(new String[] {t, new String(p, StandardCharsets.UTF_8)}));
        uplink.connected(true);
        open();
    }

    private void open() {
        handler = new CommandHandler(config(), "gw", t -> Optional.empty(), dir, devices, new LatestValues(),
                a -> "adapter " + a + " reloaded", d -> {
                    schemaRequests.add(d);
                    return "tables of " + d + " go out";
                }, new ControlPublisher(uplink, new PublishPacer(1000, 1 << 20), 128 * 1024),
                new SimpleMeterRegistry());
        handler.start();
    }

    @AfterEach
    void stop() {
        handler.close();
        uplink.close();
    }

    @Test
    void should_write_a_valid_command_and_reply_with_the_read_back_value() {
        send(TOPIC, "{\"session-id\":\"s1\",\"op\":\"write\",\"points\":{\"speed-ref\":42.5,\"run\":true}}");
        final JsonNode r = reply("s1");
        assertThat(r.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.path("result").path("points").path("speed-ref").path("read-back").asDouble()).isEqualTo(42.5);
        assertThat(wire).containsExactly("speed-ref=42.5", "run=true");
        assertThat(replies.get(0)[0]).isEqualTo("cmd/fieldgate/gw/pump-1/res");
    }

    @Test
    void should_ask_telemetry_to_send_the_device_schema_again() {
        send(TOPIC, "{\"session-id\":\"sc1\",\"op\":\"schema\"}");
        assertThat(reply("sc1").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(schemaRequests).containsExactly("pump-1");
        send(TOPIC, "{\"session-id\":\"sc2\",\"op\":\"schema\",\"points\":[\"speed\"]}");
        assertThat(reply("sc2").path("error").path("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(schemaRequests).hasSize(1);
    }

    @Test
    void should_run_a_repeated_session_id_once_and_answer_it_again() {
        final String cmd = "{\"session-id\":\"s2\",\"op\":\"write\",\"points\":{\"speed-ref\":10}}";
        send(TOPIC, cmd);
        await().until(() -> replies.size() == 1);
        send(TOPIC, cmd);
        await().until(() -> replies.size() == 2);
        assertThat(replies.get(1)[1]).isEqualTo(replies.get(0)[1]);
        send(TOPIC, "{\"session-id\":\"s2\",\"op\":\"write\",\"points\":{\"speed-ref\":99}}");
        await().until(() -> replies.size() == 3);
        assertThat(json(replies.get(2)[1]).path("error").path("code").asText()).isEqualTo("DUPLICATE_SESSION_ID");
        // and across a restart
        handler.close();
        open();
        send(TOPIC, cmd);
        await().until(() -> replies.size() == 4);
        assertThat(wire).containsExactly("speed-ref=10");
    }

    @Test
    void should_reject_each_kind_of_bad_command_with_a_code_and_write_nothing() {
        final String[][] cases = {
            {"{\"session-id\":\"a1\",\"op\":\"write\",\"points\":{\"speed\":1}}", "NOT_WRITABLE"},
            {"{\"session-id\":\"a2\",\"op\":\"write\",\"points\":{\"speed-ref\":101}}", "OUT_OF_RANGE"},
            {"{\"session-id\":\"a3\",\"op\":\"write\",\"points\":{\"speed-ref\":\"fast\"}}", "INVALID_VALUE"},
            {"{\"session-id\":\"a4\",\"op\":\"write\",\"points\":{\"nope\":1}}", "UNKNOWN_POINT"},
            {"{\"session-id\":\"a5\",\"op\":\"write\",\"points\":{\"speed-ref\":1,\"speed\":2}}", "NOT_WRITABLE"},
            {"{\"session-id\":\"a6\",\"op\":\"write\",\"points\":{\"run\":1}}", "INVALID_VALUE"},
            {"{\"session-id\":\"a7\",\"op\":\"launch\"}", "INVALID_REQUEST"},
            {"{\"session-id\":\"a8\",\"op\":\"write\",\"points\":[1]}", "INVALID_REQUEST"},
            {"{\"session-id\":\"a9\",\"op\":\"write\",\"points\":{\"speed-ref\":{\"x\":1}}}", "INVALID_REQUEST"},
            {"{\"session-id\":\"b1\",\"op\":\"status\",\"rm\":\"-rf\"}", "INVALID_REQUEST"},
            {"{\"session-id\":\"b2\",\"op\":\"status\",\"res-topic\":\"dt/fieldgate/gw/pump-1/telemetry\"}", "INVALID_REQUEST"},
            {"{\"session-id\":\"b3\",\"op\":\"status\",\"res-topic\":\"cmd/#\"}", "INVALID_REQUEST"},
            {"{\"session-id\":\"b4\",\"op\":\"read\",\"timeout-ms\":-5}", "INVALID_REQUEST"},
            {"{\"session-id\":\"" + "x".repeat(65) + "\",\"op\":\"status\"}", "INVALID_REQUEST"},
            {"{\"session-id\":7,\"op\":\"status\"}", "INVALID_REQUEST"},
            {"{\"op\":\"status\"}", "INVALID_REQUEST"},
            {"{\"session-id\":\"b5\",\"op\":\"write\",\"points\":{\"speed-ref\":1e400}}", "INVALID_VALUE"},
            {"{\"session-id\":\"b6\",\"op\":\"write\"", "INVALID_JSON"},
            {"[\"write\"]", "INVALID_JSON"},
            {"", "INVALID_JSON"},
            {"{\"session-id\":\"b7\",\"op\":\"status\",\"pad\":\"" + "x".repeat(20_000) + "\"}", "PAYLOAD_TOO_LARGE"},
        };
        for (final String[] c : cases) {
            final int before = replies.size();
            send(TOPIC, c[0]);
            await().atMost(Duration.ofSeconds(5)).until(() -> replies.size() == before + 1);
            final JsonNode r = json(replies.get(before)[1]);
            assertThat(r.path("status").asText()).as(c[0]).isEqualTo("REJECTED");
            assertThat(r.path("error").path("code").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(r.path("error").path("message").asText()).as(c[0]).isNotBlank();
        }
        send("cmd/fieldgate/gw/no-such-device/req", "{\"session-id\":\"c1\",\"op\":\"status\"}");
        assertThat(reply("c1").path("error").path("code").asText()).isEqualTo("UNKNOWN_DEVICE");
        assertThat(wire).isEmpty();
    }

    @Test
    void should_fail_fast_for_an_unreachable_device_without_sending_anything() {
        reachable = false;
        send(TOPIC, "{\"session-id\":\"u1\",\"op\":\"write\",\"points\":{\"speed-ref\":5}}");
        final JsonNode r = reply("u1");
        assertThat(r.path("status").asText()).isEqualTo("REJECTED");
        assertThat(r.path("error").path("code").asText()).isEqualTo("DEVICE_UNREACHABLE");
        assertThat(wire).isEmpty();
    }

    @Test
    void should_answer_every_mutated_command_and_write_only_what_it_reports_written() {
        final Random random = new Random(20261123);
        final String base = "{\"session-id\":\"f0\",\"op\":\"write\",\"points\":{\"speed-ref\":12.5,\"run\":false}}";
        final int rounds = 400;
        for (int i = 0; i < rounds; i++) {
            send(TOPIC, mutate(base.replace("f0", "f" + i), random));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == rounds);
        long written = 0;
        for (final String[] r : replies) {
            final JsonNode reply = json(r[1]);
            assertThat(reply.path("status").asText()).isIn("SUCCEEDED", "FAILED", "REJECTED");
            if (!reply.path("status").asText().equals("SUCCEEDED")) {
                assertThat(reply.path("error").path("code").asText()).isNotBlank();
            }
            final JsonNode points = reply.path("result").path("points");
            if ("write".equals(reply.path("op").asText())) {
                written += java.util.stream.StreamSupport.stream(points.spliterator(), false)
                        .filter(p -> "DONE".equals(p.path("status").asText())).count();
            }
        }
        assertThat(wire).hasSize((int) written);
    }

    private static final String NOISE = "{}[]\",:0-9aé\u0000\\";

    private static String mutate(final String s, final Random random) {
        final StringBuilder b = new StringBuilder(s);
        final int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            final int at = random.nextInt(b.length());
            switch (random.nextInt(6)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                case 2 -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 3 -> b.setLength(at);
                case 4 -> b.replace(0, b.length(), b.toString().replace("12.5", new BigInteger(80, random).toString()));
                default -> b.replace(0, b.length(), b.toString().replace("false", "\"false\""));
            }
        }
        return b.toString();
    }

    private void send(final String topic, final String payload) {
        handler.onMessage(new PlainCommandChannel("cmd/fieldgate/{gateway}/{device}/req",
                "cmd/fieldgate/{gateway}/{device}/res", "gw"), new InboundMessage(topic,
                payload.getBytes(StandardCharsets.UTF_8), null, null, -1, () -> { }));
    }

    private JsonNode reply(final String session) {
        await().atMost(Duration.ofSeconds(5)).until(() -> replies.stream().anyMatch(r -> r[1].contains("\"" + session + "\"")));
        return json(replies.stream().filter(r -> r[1].contains("\"" + session + "\"")).findFirst().orElseThrow()[1]);
    }

    private static JsonNode json(final String s) {
        try {
            return JSON.readTree(s);
        } catch (final java.io.IOException e) {
            throw new AssertionError("reply is not JSON: " + s, e);
        }
    }

    private CommandConfig config() {
        return new CommandConfig() {
            public boolean enabled() { return true; }
            public String requestTopic() { return "cmd/fieldgate/{gateway}/{device}/req"; }
            public String responseTopic() { return "cmd/fieldgate/{gateway}/{device}/res"; }
            public boolean awsCommands() { return false; }
            public WhenUnreachable whenUnreachable() { return WhenUnreachable.FAIL; }
            public Duration queueExpiry() { return Duration.ofSeconds(5); }
            public MemorySize maxPayload() { return new MemorySize(BigInteger.valueOf(16 * 1024)); }
            public Duration remember() { return Duration.ofHours(24); }
        };
    }

    /** One pump with a writable set point, a read-only speed and a writable run coil; writes go to {@link #wire}. */
    private final class Directory implements DeviceDirectory, DeviceControl {
        private final Device pump = new AdapterLoader(ProfileCatalog.empty(), id -> { }).parse("t.yaml", "t", String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: 127.0.0.1, port: 502}",
                "devices:",
                "  - id: pump-1",
                "    unit-id: 1",
                "    points:",
                "      - {name: speed-ref, register-type: holding-register, address: 0, data-type: float32, writable: true, min: 0, max: 100}",
                "      - {name: speed, register-type: input-register, address: 0, data-type: float32}",
                "      - {name: run, register-type: coil, address: 0, writable: true}", "")).devices().get(0);

        @Override
        public Set<String> deviceIds() {
            return Set.of("pump-1");
        }

        @Override
        public List<String> pointNames(final String deviceId) {
            return exists(deviceId) ? pump.points().stream().map(Point::name).toList() : List.of();
        }

        @Override
        public Optional<Point> modbusPoint(final String deviceId, final String point) {
            return exists(deviceId) ? pump.points().stream().filter(p -> p.name().equals(point)).findFirst() : Optional.empty();
        }

        @Override
        public Optional<PointOptions> options(final String deviceId, final String point) {
            return modbusPoint(deviceId, point).map(Point::options);
        }

        @Override
        public Optional<DeviceControl> control(final String deviceId) {
            return exists(deviceId) ? Optional.of(this) : Optional.empty();
        }

        @Override
        public Optional<DeviceStatus> status(final String deviceId) {
            return Optional.of(new DeviceStatus(deviceId, reachable, 0, reachable ? null : "no answer within 300 ms"));
        }

        @Override
        public Optional<String> adapterOf(final String deviceId) {
            return Optional.of("t");
        }

        @Override
        public CompletableFuture<WriteOutcome> write(final String deviceId, final Point point, final Object value,
                                                     final long deadlineMillis) {
            wire.add(point.name() + "=" + value);
            return CompletableFuture.completedFuture(new WriteOutcome(point.name(), value,
                    Reading.good(point.name(), value, point.unit(), System.currentTimeMillis())));
        }

        @Override
        public CompletableFuture<List<Reading>> read(final String deviceId, final List<Point> points,
                                                     final long deadlineMillis) {
            return CompletableFuture.completedFuture(points.stream()
                    .map(p -> Reading.good(p.name(), 1.0, p.unit(), System.currentTimeMillis())).toList());
        }
    }
}
