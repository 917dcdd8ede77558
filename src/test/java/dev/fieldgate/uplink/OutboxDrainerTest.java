package dev.fieldgate.uplink;

import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;
import dev.fieldgate.config.BufferConfig;
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
    void should_drop_a_message_the_broker_refuses_for_good_and_go_on() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        uplink.refuse = "m3";
        try (H2Outbox outbox = open()) {
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink, limits(5, Duration.ofSeconds(30)),
                    new SimpleMeterRegistry());
            append(outbox, 6);
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat(uplink.acknowledged).containsExactly("m0", "m1", "m2", "m4", "m5");
            assertThat(outbox.stats().rejected()).isEqualTo(1);
        }
    }

    @Test
    void should_drop_a_message_over_the_size_limit_instead_of_losing_the_connection() throws Exception {
        final ScriptedUplink uplink = new ScriptedUplink();
        try (H2Outbox outbox = open()) {
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink,
                    new PublishLimits(5, 1000, 1 << 20, 2, Duration.ofSeconds(30)), new SimpleMeterRegistry());
            append(outbox, 12);   // m0..m9 fit in 2 bytes, m10 and m11 do not
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
            // 10 messages of 2-3 bytes at 20 bytes/s: about a second and a quarter, however fast the broker
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink,
                    new PublishLimits(10, 1000, 20, 1 << 20, Duration.ofSeconds(30)), new SimpleMeterRegistry());
            append(outbox, 10);
            final long start = System.nanoTime();
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            drainer.stop();
            assertThat((System.nanoTime() - start) / 1e9).isGreaterThan(0.9);
        }
    }

    private static PublishLimits limits(final int inFlight, final Duration publishTimeout) {
        return new PublishLimits(inFlight, 1000, 1L << 30, 1L << 20, publishTimeout);
    }

    private H2Outbox open() {
        return H2Outbox.open(new OutboxSettings(dir, 1L << 24, BufferConfig.Overflow.DROP_OLDEST, false, 1000,
                java.time.Duration.ofDays(7)));
    }

    private static void append(final H2Outbox outbox, final int n) throws Exception {
        final List<OutboundMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final String body = "m" + i;
            messages.add(new OutboundMessage("d", "dt/t/d", 1, id -> body.getBytes(StandardCharsets.UTF_8)));
        }
        outbox.append(messages).get();
    }

    /** Acknowledges at once, unless told to fail, refuse or ignore; a reconnect answers what was ignored. */
    static final class ScriptedUplink implements Uplink {
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> ignored = new CopyOnWriteArrayList<>();
        final AtomicInteger ignoreFirst = new AtomicInteger();
        final AtomicInteger failFirst = new AtomicInteger();
        final AtomicInteger reconnects = new AtomicInteger();
        volatile String refuse;

        @Override
        public CompletableFuture<Void> publish(final String topic, final byte[] payload, final int qos) {
            final String body = new String(payload, StandardCharsets.UTF_8);
            if (body.equals(refuse)) {
                return CompletableFuture.failedFuture(new PublishRefusedException("NOT_AUTHORIZED"));
            }
            if (failFirst.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
            }
            final CompletableFuture<Void> f = new CompletableFuture<>();
            if (ignoreFirst.getAndDecrement() > 0) {
                // the session resends it after a reconnect; the broker acknowledges it then
                f.thenRun(() -> acknowledged.add(body));
                ignored.add(f);
                return f;
            }
            acknowledged.add(body);
            f.complete(null);
            return f;
        }

        @Override
        public boolean isConnected() {
            return true;
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
