package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.BufferFullException;
import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.buffer.RefusedMessage;
import dev.fieldgate.config.BufferConfig.Overflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class H2OutboxTest {

    @TempDir
    Path dir;

    @Test
    void should_deliver_in_append_order_with_the_id_inside_the_payload() throws Exception {
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES * 4L, Overflow.DROP_OLDEST))) {
            final List<OutboxEntry> accepted = outbox.append(List.of(msg("dev-a", "1"), msg("dev-b", "2"), msg("dev-a", "3")))
                    .get(5, TimeUnit.SECONDS);
            final List<OutboxEntry> stored = outbox.readAfter(0, 10);
            assertThat(stored).extracting(OutboxEntry::messageId).containsExactlyElementsOf(
                    accepted.stream().map(OutboxEntry::messageId).toList());
            assertThat(stored).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                    .containsExactly(stored.get(0).messageId() + ":1", stored.get(1).messageId() + ":2",
                            stored.get(2).messageId() + ":3");
            assertThat(stored.get(0).id()).isLessThan(stored.get(1).id());
            assertThat(outbox.readAfter(stored.get(1).id(), 10)).extracting(OutboxEntry::id).containsExactly(stored.get(2).id());
            assertThat(outbox.stats().depth()).isEqualTo(3);
        }
    }

    @Test
    void should_delete_only_acknowledged_entries() throws Exception {
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES * 4L, Overflow.DROP_OLDEST))) {
            final List<OutboxEntry> e = outbox.append(List.of(msg("d", "1"), msg("d", "2"), msg("d", "3"))).get();
            outbox.acknowledge(e.get(1));
            outbox.flush().get(5, TimeUnit.SECONDS);
            assertThat(outbox.readAfter(0, 10)).extracting(OutboxEntry::id).containsExactly(e.get(0).id(), e.get(2).id());
            assertThat(outbox.stats().depth()).isEqualTo(2);
            assertThat(outbox.stats().bytes()).isEqualTo(e.get(0).payload().length + e.get(2).payload().length);
        }
    }

    @Test
    void should_survive_reopen_and_never_reuse_an_id() throws Exception {
        final long lastId;
        final String epoch;
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES * 4L, Overflow.DROP_OLDEST))) {
            final List<OutboxEntry> e = outbox.append(List.of(msg("d", "1"), msg("d", "2"))).get();
            outbox.acknowledge(e.get(0));
            outbox.acknowledge(e.get(1));
            outbox.append(List.of(msg("d", "kept"))).get();
            lastId = outbox.readAfter(0, 10).get(0).id();
            epoch = outbox.readAfter(0, 10).get(0).messageId().split("-")[0];
        }
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES * 4L, Overflow.DROP_OLDEST))) {
            final List<OutboxEntry> kept = outbox.readAfter(0, 10);
            assertThat(kept).hasSize(1);
            assertThat(new String(kept.get(0).payload(), StandardCharsets.UTF_8)).endsWith(":kept");
            outbox.acknowledge(kept.get(0));
            outbox.flush().get();
            // empty now; a restart must still not hand out an id a consumer has already seen
        }
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES * 4L, Overflow.DROP_OLDEST))) {
            assertThat(outbox.stats().depth()).isZero();
            final OutboxEntry next = outbox.append(List.of(msg("d", "new"))).get().get(0);
            assertThat(next.id()).isGreaterThan(lastId);
            assertThat(next.messageId()).startsWith(epoch + "-");
        }
    }

    @Test
    void should_drop_the_oldest_when_over_budget_and_count_them() throws Exception {
        final long budget = OutboxSettings.MAX_PAYLOAD_BYTES;
        try (H2Outbox outbox = H2Outbox.open(settings(budget, Overflow.DROP_OLDEST))) {
            final String big = "x".repeat(100_000);
            final List<OutboxEntry> first = outbox.append(List.of(msg("d", big), msg("d", big))).get();
            final List<OutboxEntry> third = outbox.append(List.of(msg("d", big))).get();
            final List<OutboxEntry> left = outbox.readAfter(0, 10);
            assertThat(left).extracting(OutboxEntry::id).containsExactly(first.get(1).id(), third.get(0).id());
            assertThat(outbox.stats().dropped()).isEqualTo(1);
            assertThat(outbox.stats().bytes()).isLessThanOrEqualTo(budget);
            // a late acknowledgement of the dropped entry changes nothing
            outbox.acknowledge(first.get(0));
            outbox.flush().get();
            assertThat(outbox.stats().depth()).isEqualTo(2);
        }
    }

    @Test
    void should_refuse_new_messages_when_over_budget_with_reject_new() throws Exception {
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES, Overflow.REJECT_NEW))) {
            final String big = "x".repeat(100_000);
            outbox.append(List.of(msg("d", big), msg("d", big))).get();
            final CompletableFuture<List<OutboxEntry>> refused = outbox.append(List.of(msg("d", big)));
            assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(BufferFullException.class).hasMessageContaining("reject-new");
            assertThat(outbox.readAfter(0, 10)).hasSize(2);
            assertThat(outbox.stats().rejected()).isEqualTo(1);
        }
    }

    @Test
    void should_refuse_an_oversized_payload_without_touching_the_rest() throws Exception {
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES * 4L, Overflow.DROP_OLDEST))) {
            final CompletableFuture<List<OutboxEntry>> huge = outbox.append(
                    List.of(msg("d", "y".repeat(OutboxSettings.MAX_PAYLOAD_BYTES + 1))));
            final CompletableFuture<List<OutboxEntry>> fine = outbox.append(List.of(msg("d", "ok")));
            assertThatThrownBy(huge::get).hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
            assertThat(fine.get()).hasSize(1);
        }
    }

    @Test
    void should_group_many_concurrent_appends_into_few_commits() throws Exception {
        try (H2Outbox outbox = H2Outbox.open(settings(64L * 1024 * 1024, Overflow.DROP_OLDEST))) {
            final List<CompletableFuture<List<OutboxEntry>>> all = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                all.add(outbox.append(List.of(msg("d" + (i % 50), Integer.toString(i)))));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            assertThat(outbox.stats().accepted()).isEqualTo(5000);
            final List<OutboxEntry> stored = outbox.readAfter(0, 10_000);
            assertThat(stored).hasSize(5000);
            // append order is delivery order
            for (int i = 0; i < stored.size(); i++) {
                assertThat(new String(stored.get(i).payload(), StandardCharsets.UTF_8)).endsWith(":" + i);
            }
        }
    }

    @Test
    void should_delete_messages_older_than_the_retention_age_and_count_them() throws Exception {
        try (H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(dir).maxBytes(1L << 24).syncOnCommit(false)
                .maxAge(Duration.ofSeconds(1)).build())) {
            outbox.append(List.of(msg("d", "old-1"), msg("d", "old-2"))).get();
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.stats().expired() == 2);
            final OutboxEntry fresh = outbox.append(List.of(msg("d", "fresh"))).get().get(0);
            assertThat(outbox.readAfter(0, 10)).extracting(OutboxEntry::id).containsExactly(fresh.id());
            assertThat(outbox.stats().depth()).isEqualTo(1);
        }
    }

    @Test
    void should_move_a_damaged_file_aside_and_start_a_new_outbox() throws Exception {
        java.nio.file.Files.write(dir.resolve("outbox.mv.db"), new byte[] {'H', ':', '2', 0, 1, 2, 3, 42, 42, 42});
        try (H2Outbox outbox = H2Outbox.open(settings(1L << 24, Overflow.DROP_OLDEST))) {
            assertThat(outbox.quarantinedFile()).hasValueSatisfying(p -> {
                assertThat(p.getFileName().toString()).startsWith("outbox.mv.db.damaged-");
                assertThat(p).exists();
            });
            assertThat(outbox.append(List.of(msg("d", "after"))).get()).hasSize(1);
            assertThat(outbox.readAfter(0, 10)).hasSize(1);
        }
    }

    @Test
    void should_refuse_a_file_another_process_has_open_without_moving_it() throws Exception {
        final Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OutboxCrashChild.class.getName(), dir.toString(), "false")
                .redirectErrorStream(true).start();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null && !line.equals("READY")) {
                assertThat(other.isAlive()).isTrue();
            }
            assertThatThrownBy(() -> H2Outbox.open(settings(1L << 24, Overflow.DROP_OLDEST)))
                    .isInstanceOf(dev.fieldgate.buffer.BufferUnavailableException.class)
                    .hasMessageContaining("in use by another process");
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("damaged"));
            }
        } finally {
            other.toHandle().destroyForcibly();
            other.waitFor();
        }
    }

    @Test
    void should_refuse_new_messages_below_the_disk_reserve_and_keep_draining_the_stored_ones() throws Exception {
        final java.util.concurrent.atomic.AtomicLong free = new java.util.concurrent.atomic.AtomicLong(1L << 30);
        try (H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(dir).maxBytes(1L << 24).syncOnCommit(false)
                .minFreeDisk(64L << 20).freeSpace(free::get).build())) {
            final List<OutboxEntry> stored = new ArrayList<>(outbox.append(List.of(msg("d", "1"), msg("d", "2")))
                    .get(5, TimeUnit.SECONDS));
            free.set(10L << 20);
            // free space is read twice a second: appends are accepted until the writer sees it
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                final CompletableFuture<List<OutboxEntry>> next = outbox.append(List.of(msg("d", "3")));
                try {
                    stored.addAll(next.get(5, TimeUnit.SECONDS));
                } catch (final ExecutionException e) {
                    assertThat(e).hasCauseInstanceOf(BufferFullException.class)
                            .hasMessageContaining("disk full: 10 MiB free").hasMessageContaining("min-free-disk");
                    return;
                }
                throw new AssertionError("still accepting");
            });
            assertThat(outbox.stats().diskFull()).isTrue();
            assertThat(outbox.stats().state()).isEqualTo("disk-full");
            // what was accepted stays, and acknowledgements still commit (they free space)
            assertThat(outbox.readAfter(0, 100)).extracting(OutboxEntry::id)
                    .containsExactlyElementsOf(stored.stream().map(OutboxEntry::id).toList());
            outbox.acknowledge(stored.get(0));
            outbox.flush().get(5, TimeUnit.SECONDS);
            assertThat(outbox.readAfter(0, 100)).extracting(OutboxEntry::id)
                    .containsExactlyElementsOf(stored.stream().skip(1).map(OutboxEntry::id).toList());
            free.set(1L << 30);
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                    assertThat(outbox.append(List.of(msg("d", "4"))).get(5, TimeUnit.SECONDS)).hasSize(1));
            assertThat(outbox.stats().state()).isEqualTo("ok");
        }
    }

    @Test
    void should_keep_refused_messages_across_a_restart_and_send_them_again_on_request() throws Exception {
        final OutboxEntry refused;
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES * 4L, Overflow.DROP_OLDEST))) {
            final List<OutboxEntry> e = outbox.append(List.of(msg("d", "1"), msg("d", "2"), msg("d", "3"))).get();
            refused = e.get(1);
            outbox.acknowledge(e.get(0));
            outbox.reject(refused, "broker refused the publish: NOT_AUTHORIZED (policy)");
            // a batch refused twice (a resend racing the first answer) is kept once
            outbox.reject(refused, "broker refused the publish: NOT_AUTHORIZED (policy)");
            outbox.flush().get(5, TimeUnit.SECONDS);
            assertThat(outbox.readAfter(0, 10)).extracting(OutboxEntry::id).containsExactly(e.get(2).id());
            assertThat(outbox.stats().rejected()).isEqualTo(1);
        }
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES * 4L, Overflow.DROP_OLDEST))) {
            assertThat(outbox.stats().refusedKept()).isEqualTo(1);
            assertThat(outbox.stats().refusedBytes()).isEqualTo(refused.payload().length);
            final List<RefusedMessage> kept = outbox.refused(10);
            assertThat(kept).singleElement().satisfies(r -> {
                assertThat(r.messageId()).isEqualTo(refused.messageId());
                assertThat(r.stream()).isEqualTo("d");
                assertThat(r.topic()).isEqualTo("dt/t/d");
                assertThat(r.reason()).contains("NOT_AUTHORIZED");
                assertThat(r.createdAt()).isEqualTo(refused.createdAt());
                assertThat(r.bytes()).isEqualTo(refused.payload().length);
            });
            final long last = outbox.lastId();
            final java.util.concurrent.atomic.AtomicInteger woken = new java.util.concurrent.atomic.AtomicInteger();
            outbox.onAppended(woken::incrementAndGet);

            assertThat(outbox.resendRefused().get(5, TimeUnit.SECONDS)).isEqualTo(1);

            final List<OutboxEntry> after = outbox.readAfter(last, 10);
            assertThat(after).singleElement().satisfies(again -> {
                // a new place at the end of the queue, the same bytes: the cloud sees the original message id
                assertThat(again.id()).isGreaterThan(last);
                assertThat(again.payload()).isEqualTo(refused.payload());
                assertThat(again.createdAt()).isEqualTo(refused.createdAt());
            });
            assertThat(woken.get()).as("the drainer is told").isEqualTo(1);
            assertThat(outbox.refused(10)).isEmpty();
            assertThat(outbox.stats().refusedKept()).isZero();
            assertThat(outbox.stats().depth()).isEqualTo(2);
        }
    }

    @Test
    void should_discard_refused_messages_on_request_and_keep_them_within_their_budget() throws Exception {
        final long budget = 100;
        try (H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(dir).maxBytes(1L << 24).syncOnCommit(false)
                .minFreeDisk(0).freeSpace(() -> -1).refusedMaxBytes(budget).build())) {
            final List<OutboxEntry> e = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                e.addAll(outbox.append(List.of(msg("d", "reading-" + i))).get());
            }
            e.forEach(entry -> outbox.reject(entry, "TOPIC_NAME_INVALID"));
            outbox.flush().get(5, TimeUnit.SECONDS);
            final long each = e.get(0).payload().length;
            // the newest refusals are kept, the oldest dropped and counted
            assertThat(outbox.stats().refusedBytes()).isLessThanOrEqualTo(budget).isGreaterThan(budget - each);
            final long kept = outbox.stats().refusedKept();
            assertThat(outbox.refused(100)).extracting(RefusedMessage::messageId)
                    .contains(e.get(9).messageId()).doesNotContain(e.get(0).messageId());
            assertThat(outbox.stats().dropped()).isEqualTo(10 - kept);
            assertThat(outbox.stats().depth()).isZero();

            assertThat(outbox.discardRefused().get(5, TimeUnit.SECONDS)).isEqualTo((int) kept);
            assertThat(outbox.refused(100)).isEmpty();
            assertThat(outbox.stats().refusedBytes()).isZero();
            assertThat(outbox.resendRefused().get(5, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void should_refuse_to_send_refused_messages_again_past_a_reject_new_budget() throws Exception {
        try (H2Outbox outbox = H2Outbox.open(settings(OutboxSettings.MAX_PAYLOAD_BYTES, Overflow.REJECT_NEW))) {
            final OutboxEntry refused = outbox.append(List.of(msg("d", "x".repeat(1000)))).get().get(0);
            outbox.reject(refused, "PAYLOAD_FORMAT_INVALID");
            outbox.flush().get(5, TimeUnit.SECONDS);
            outbox.append(List.of(msg("d", "y".repeat(OutboxSettings.MAX_PAYLOAD_BYTES - 100)))).get();
            assertThatThrownBy(() -> outbox.resendRefused().get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(BufferFullException.class).hasMessageContaining("reject-new");
            assertThat(outbox.stats().refusedKept()).as("still kept").isEqualTo(1);
        }
    }

    private OutboxSettings settings(final long maxBytes, final Overflow overflow) {
        return OutboxSettings.builder(dir).maxBytes(maxBytes).overflow(overflow).syncOnCommit(false).build();
    }

    private static OutboundMessage msg(final String stream, final String body) {
        return new OutboundMessage(stream, "dt/t/" + stream, 1, id -> (id + ":" + body).getBytes(StandardCharsets.UTF_8));
    }
}
