package dev.fieldgate.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;
import dev.fieldgate.config.UplinkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The drainer against a scripted uplink: failures, refusals and a broker that stops acknowledging. */
class OutboxDrainerTest {

    @TempDir
    Path dir;

    @Test
    void should_reconnect_when_acknowledgements_stop_and_deliver_everything() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        uplink.ignoreFirst.set(3);   // three publishes vanish, as over a quota
        try (H2Outbox outbox = open()) {
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink, limits(10, Duration.ofMillis(500)),
                    new SimpleMeterRegistry());
            append(outbox, 20);
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.reconnects.get()).isGreaterThanOrEqualTo(1);
            assertThat(uplink.acknowledged).hasSize(20);
        }
    }

    @Test
    void should_not_count_an_outage_longer_than_the_publish_timeout_as_a_stall() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        uplink.ignoreFirst.set(1);   // in flight when the link drops
        try (H2Outbox outbox = open()) {
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink, limits(10, Duration.ofSeconds(2)),
                    new SimpleMeterRegistry());
            append(outbox, 1);
            drainer.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> uplink.ignored.size() == 1);
            uplink.connected = false;
            Thread.sleep(3000);   // the outage outlasts the publish timeout
            uplink.connected = true;
            Thread.sleep(1200);   // back within the timeout: the session resends, the broker acknowledges
            uplink.ignored.forEach(f -> f.complete(null));
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.reconnects.get()).as("no stall reconnect").isZero();
        }
    }

    @Test
    void should_resend_in_order_from_the_oldest_after_a_failure() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        uplink.failFirst.set(1);
        try (H2Outbox outbox = open()) {
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink, limits(1, Duration.ofSeconds(30)),
                    new SimpleMeterRegistry());
            append(outbox, 10);
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.acknowledged).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        }
    }

    @Test
    void should_set_aside_a_message_the_broker_refuses_for_good_go_on_and_send_it_once_allowed() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        uplink.refuseTopic = "dt/t/forbidden";
        try (H2Outbox outbox = open()) {
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink, limits(5, Duration.ofSeconds(30)),
                    new SimpleMeterRegistry());
            append(outbox, 3);
            outbox.append(List.of(message("forbidden", "m3"))).get();
            append(outbox, 4, 2);
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            assertThat(uplink.acknowledged).containsExactly("m0", "m1", "m2", "m4", "m5");
            assertThat(outbox.stats().rejected()).isEqualTo(1);
            assertThat(outbox.refused(10)).singleElement().satisfies(r -> {
                assertThat(r.topic()).isEqualTo("dt/t/forbidden");
                assertThat(r.reason()).contains("NOT_AUTHORIZED");
            });

            // the IoT policy is fixed; the operator sends the refused message again, the running drainer takes it
            uplink.refuseTopic = null;
            assertThat(outbox.resendRefused().get(5, TimeUnit.SECONDS)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> uplink.acknowledged.contains("m3"));
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(outbox.refused(10)).isEmpty();
        }
    }

    @Test
    void should_drop_a_message_over_the_size_limit_instead_of_losing_the_connection() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        try (H2Outbox outbox = open()) {
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink,
                    new PublishLimits(5, 1000, 1 << 20, 10, Duration.ofSeconds(30)), new SimpleMeterRegistry());
            append(outbox, 12);   // {"m":"m0"} to m9 fit in 10 bytes, m10 and m11 do not
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.acknowledged).hasSize(10).doesNotContain("m10", "m11");
            assertThat(outbox.stats().rejected()).isEqualTo(2);
        }
    }

    @Test
    void should_keep_within_the_byte_rate() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        try (H2Outbox outbox = open()) {
            // 10 devices' single messages of 40 bytes once wrapped as backlog, at 200 bytes/s: 2 s, however
            // fast the broker
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink,
                    new PublishLimits(10, 1000, 200, 1 << 20, Duration.ofSeconds(30)), new SimpleMeterRegistry());
            for (int i = 0; i < 10; i++) {
                outbox.append(List.of(message("d" + i, "m" + i))).get();
            }
            final long start = System.nanoTime();
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat((System.nanoTime() - start) / 1e9).isGreaterThan(1.5);
        }
    }

    @Test
    void should_batch_the_waiting_messages_of_each_device_into_one_publish() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        try (H2Outbox outbox = open()) {
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink, limits(10, Duration.ofSeconds(30)),
                    new SimpleMeterRegistry());
            final List<String> expected = backlogOf(outbox, 100, 20);
            drainer.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.acknowledged).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(uplink.publishes.get()).as("one publish per device").isEqualTo(100);
            assertInOrderPerDevice(uplink.acknowledged);
        }
    }

    @Test
    void should_send_live_messages_alongside_a_marked_backlog() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        try (H2Outbox outbox = open()) {
            // 50 publishes of backlog at 20/s: 2.5 s
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink,
                    new PublishLimits(10, 20, 1L << 30, 1L << 20, Duration.ofSeconds(30)), new SimpleMeterRegistry());
            final List<String> backlog = backlogOf(outbox, 50, 40);
            drainer.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> !uplink.acknowledged.isEmpty());
            outbox.append(List.of(message("d7", "live"))).get();
            await().atMost(Duration.ofSeconds(5)).until(() -> uplink.acknowledged.contains("live"));
            assertThat(uplink.backlog.size()).as("backlog still draining when the live message went").isLessThan(1500);
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.backlog).containsExactlyInAnyOrderElementsOf(backlog).doesNotContain("live");
            assertInOrderPerDevice(uplink.backlog);
        }
    }

    @Test
    void should_keep_live_messages_behind_the_backlog_when_told_to_keep_order() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        try (H2Outbox outbox = open()) {
            final PublishLimits limits = new PublishLimits(10, 20, 1L << 30, 1L << 20, Duration.ofSeconds(30));
            final OutboxDrainer drainer = drainer(outbox, uplink, limits,
                    new DrainPolicy(UplinkConfig.DrainOrder.IN_ORDER, 0.5, UplinkConfig.Compression.NONE, Duration.ZERO));
            backlogOf(outbox, 50, 40);
            drainer.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> !uplink.acknowledged.isEmpty());
            outbox.append(List.of(message("d49", "live"))).get();
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.backlog).isEmpty();
            assertThat(uplink.acknowledged.indexOf("live")).isGreaterThan(uplink.acknowledged.indexOf("d49-39"));
        }
    }

    @Test
    void should_never_join_two_encodings_and_deflate_compact_publishes() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        try (H2Outbox outbox = open()) {
            final PublishLimits limits = new PublishLimits(10, 1000, 1L << 30, 1L << 20, Duration.ofSeconds(30));
            final OutboxDrainer drainer = drainer(outbox, uplink, limits,
                    new DrainPolicy(UplinkConfig.DrainOrder.IN_ORDER, 0.5, UplinkConfig.Compression.DEFLATE, Duration.ZERO));
            // the encoding was changed twice with messages waiting: json, compact, json
            final List<OutboundMessage> messages = new ArrayList<>();
            final List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                bodies.add("m" + i);
                messages.add(i >= 10 && i < 20 ? compact("d", "m" + i) : message("d", "m" + i));
            }
            outbox.append(messages).get();
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.acknowledged).containsExactlyElementsOf(bodies);
            assertThat(uplink.publishes.get()).as("three runs of one encoding each").isEqualTo(3);
            assertThat(uplink.compressed.get()).as("the compact run went deflated").isEqualTo(1);
        }
    }

    @Test
    void should_let_live_messages_linger_so_that_one_publish_carries_several_polls() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        try (H2Outbox outbox = open()) {
            final PublishLimits limits = new PublishLimits(10, 1000, 1L << 30, 1L << 20, Duration.ofSeconds(30));
            final OutboxDrainer drainer = drainer(outbox, uplink, limits,
                    new DrainPolicy(UplinkConfig.DrainOrder.LIVE_FIRST, 0.5, UplinkConfig.Compression.NONE,
                            Duration.ofSeconds(2)));
            drainer.start();
            for (int i = 0; i < 10; i++) {
                append(outbox, i, 1);   // a poll every 50 ms, all within the first message's linger
                Thread.sleep(50);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> uplink.acknowledged.size() == 10);
            drainer.stop();
            assertThat(uplink.acknowledged).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
            assertThat(uplink.publishes.get()).as("ten polls in one or two publishes, not ten").isLessThanOrEqualTo(2);
        }
    }

    /** A compact telemetry message whose batch's message id is {@code body}, with a little repetition to deflate. */
    static OutboundMessage compact(final String device, final String body) {
        final byte[] bytes = dev.fieldgate.telemetry.compact.proto.Publish.newBuilder().setVersion(2)
                .addBatches(dev.fieldgate.telemetry.compact.proto.Batch.newBuilder().setMessageId(body)
                        .addAllAliases(List.of(0, 1, 2, 3)).addAllIntegers(List.of(100L, 100L, 100L, 100L)))
                .build().toByteArray();
        return new OutboundMessage(device, "dt/t/" + device, 1, id -> bytes);
    }

    /** Appends {@code perDevice} messages "d<k>-<i>" for each of {@code devices} devices, interleaved as polls are. */
    private static List<String> backlogOf(final H2Outbox outbox, final int devices, final int perDevice) throws Exception {
        final List<String> bodies = new ArrayList<>();
        final List<OutboundMessage> messages = new ArrayList<>();
        for (int i = 0; i < perDevice; i++) {
            for (int d = 0; d < devices; d++) {
                bodies.add("d" + d + "-" + i);
                messages.add(message("d" + d, "d" + d + "-" + i));
            }
        }
        outbox.append(messages).get();
        return bodies;
    }

    /** Checks that the "d<k>-<i>" bodies of each device come with ascending i. */
    private static void assertInOrderPerDevice(final List<String> bodies) {
        final java.util.Map<String, List<Integer>> perDevice = new java.util.HashMap<>();
        bodies.stream().filter(b -> b.contains("-")).forEach(b -> perDevice
                .computeIfAbsent(b.substring(0, b.indexOf('-')), k -> new ArrayList<>())
                .add(Integer.parseInt(b.substring(b.indexOf('-') + 1))));
        perDevice.forEach((device, seq) -> assertThat(seq).as(device).isSorted());
    }

    /** A drainer with its own pacer at the limits' rates and the default memory budget. */
    private static OutboxDrainer drainer(final H2Outbox outbox, final Uplink uplink, final PublishLimits limits,
                                         final DrainPolicy policy) {
        return new OutboxDrainer(outbox, uplink, limits,
                new PublishPacer(limits.publishesPerSecond(), limits.bytesPerSecond()), policy,
                dev.fieldgate.config.MemoryBudget.byDefault(), new SimpleMeterRegistry());
    }

    private static PublishLimits limits(final int inFlight, final Duration publishTimeout) {
        return new PublishLimits(inFlight, 1000, 1L << 30, 1L << 20, publishTimeout);
    }

    private H2Outbox open() {
        return H2Outbox.open(OutboxSettings.builder(dir).maxBytes(1L << 24).syncOnCommit(false).build());
    }

    private static void append(final H2Outbox outbox, final int n) throws Exception {
        append(outbox, 0, n);
    }

    /** Appends {@code {"m":"m<i>"}} for i in [from, from + n) on device d. */
    private static void append(final H2Outbox outbox, final int from, final int n) throws Exception {
        final List<OutboundMessage> messages = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            messages.add(message("d", "m" + i));
        }
        outbox.append(messages).get();
    }

    static OutboundMessage message(final String device, final String body) {
        final byte[] json = ("{\"m\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8);
        return new OutboundMessage(device, "dt/t/" + device, 1, id -> json);
    }

    /** Acknowledges at once, unless told to fail, refuse or ignore; a reconnect answers what was ignored. */
    static final class ScriptedUplink implements Uplink {
        private static final ObjectMapper JSON = new ObjectMapper();
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> ignored = new CopyOnWriteArrayList<>();
        final AtomicInteger ignoreFirst = new AtomicInteger();
        final AtomicInteger failFirst = new AtomicInteger();
        final AtomicInteger reconnects = new AtomicInteger();
        final List<String> backlog = new CopyOnWriteArrayList<>();
        final AtomicInteger publishes = new AtomicInteger();
        final AtomicInteger compressed = new AtomicInteger();
        volatile String refuseTopic;
        volatile boolean connected = true;

        @Override
        public CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos) {
            publishes.incrementAndGet();
            final List<String> bodies = bodies(payload);
            if (topic.equals(refuseTopic)) {
                return CompletableFuture.failedFuture(new PublishRefusedException("NOT_AUTHORIZED"));
            }
            if (failFirst.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
            }
            final CompletableFuture<Void> f = new CompletableFuture<>();
            if (ignoreFirst.getAndDecrement() > 0) {
                // the session resends it after a reconnect; the broker acknowledges it then
                f.thenRun(() -> acknowledged.addAll(bodies));
                ignored.add(f);
                return f;
            }
            acknowledged.addAll(bodies);
            if (payload.length > 0 && new String(payload, StandardCharsets.UTF_8).contains("\"backlog\":true")) {
                backlog.addAll(bodies);
            }
            f.complete(null);
            return f;
        }

        /** The "m" of each message a publish carries, unpacking a batch; the message ids of a compact one. */
        List<String> bodies(final byte[] payload) {
            if (PayloadFormat.of(payload) == PayloadFormat.COMPACT) {
                return compactBodies(payload);
            }
            try {
                final JsonNode root = JSON.readTree(payload);
                final List<String> out = new ArrayList<>();
                if (root.has("batch")) {
                    root.path("batch").forEach(m -> out.add(m.path("m").asText()));
                } else {
                    out.add(root.path("m").asText());
                }
                return out;
            } catch (final java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private List<String> compactBodies(final byte[] payload) {
            try {
                dev.fieldgate.telemetry.compact.proto.Publish p = dev.fieldgate.telemetry.compact.proto.Publish
                        .parseFrom(payload);
                if (p.getCompression() == dev.fieldgate.telemetry.compact.proto.Compression.DEFLATE) {
                    compressed.incrementAndGet();
                    final java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
                    inflater.setInput(p.getCompressed().toByteArray());
                    final byte[] out = new byte[1 << 16];
                    final int n = inflater.inflate(out);
                    inflater.end();
                    p = dev.fieldgate.telemetry.compact.proto.Publish.parseFrom(java.util.Arrays.copyOf(out, n));
                }
                return p.getBatchesList().stream().map(dev.fieldgate.telemetry.compact.proto.Batch::getMessageId)
                        .toList();
            } catch (final java.io.IOException | java.util.zip.DataFormatException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public UplinkStatus status() {
            return new UplinkStatus(true, "test", 0, null, true);
        }

        @Override
        public void reconnect() {
            reconnects.incrementAndGet();
            ignored.forEach(f -> f.complete(null));
            ignored.clear();
        }

        @Override
        public void onStateChange(final Runnable listener) {
        }

        @Override
        public void subscribe(final String topicFilter, final java.util.function.Consumer<InboundMessage> handler) {
        }
    }
}
