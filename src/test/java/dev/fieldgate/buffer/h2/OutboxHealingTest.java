package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.BufferFullException;
import dev.fieldgate.buffer.BufferUnavailableException;
import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.buffer.OutboxHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox under failures injected into its writer: each kind of failed commit fails only its own batch,
 * the file is reopened with the same data, ids and epoch, intake resumes, and health tells the truth.
 */
class OutboxHealingTest {

    @TempDir
    Path dir;

    /** Failures the test arms; each commit failure fires once. */
    private static final class ScriptedFaults implements OutboxFaults {
        final AtomicReference<Object> nextCommit = new AtomicReference<>();
        final AtomicBoolean reopenFails = new AtomicBoolean();
        volatile CountDownLatch holdCommits;

        @Override
        public void beforeCommit(final Connection write) throws SQLException {
            final CountDownLatch hold = holdCommits;
            if (hold != null) {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            final Object fault = nextCommit.getAndSet(null);
            if (fault instanceof Error) {
                throw (Error) fault;
            }
            if (fault instanceof SQLException) {
                throw (SQLException) fault;
            }
            if ("shutdown".equals(fault)) {
                // the store closed under the writer, as H2 does after a panic
                try (Statement st = write.createStatement()) {
                    st.execute("SHUTDOWN IMMEDIATELY");
                }
            }
        }

        @Override
        public void beforeReopen() throws SQLException {
            if (reopenFails.get()) {
                throw new SQLException("injected: the file cannot be opened");
            }
        }
    }

    private final ScriptedFaults faults = new ScriptedFaults();

    @Test
    void should_reopen_after_out_of_memory_in_a_commit() throws Exception {
        should_heal_after(new OutOfMemoryError("Capacity: 15925248"));
    }

    @Test
    void should_reopen_after_an_io_error_in_a_commit() throws Exception {
        should_heal_after(new SQLException("IO Exception: \"java.io.IOException: Input/output error\"", "08000", 90028));
    }

    @Test
    void should_reopen_after_the_store_was_closed_under_it() throws Exception {
        should_heal_after("shutdown");
    }

    private void should_heal_after(final Object fault) throws Exception {
        try (H2Outbox outbox = open(Duration.ofSeconds(60))) {
            final List<OutboxEntry> before = outbox.append(List.of(msg("d", "1"), msg("d", "2"))).get(5, TimeUnit.SECONDS);
            final String epoch = before.get(0).messageId().split("-")[0];
            outbox.acknowledge(before.get(0));
            faults.nextCommit.set(fault);

            final CompletableFuture<List<OutboxEntry>> failed = outbox.append(List.of(msg("d", "lost")));
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(BufferUnavailableException.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.health().reopened() == 1 && outbox.stats().writable());
            final List<OutboxEntry> after = outbox.append(List.of(msg("d", "3"))).get(5, TimeUnit.SECONDS);
            outbox.flush().get(5, TimeUnit.SECONDS);

            assertThat(after.get(0).messageId()).as("same epoch").startsWith(epoch + "-");
            assertThat(after.get(0).id()).as("ids go on").isGreaterThan(before.get(1).id());
            // the acknowledgement that failed with the commit was applied after the reopen; the refused append
            // is not stored; what was accepted before is
            assertThat(outbox.readAfter(0, 10)).extracting(e -> body(e))
                    .containsExactly(before.get(1).messageId() + ":2", after.get(0).messageId() + ":3");
            assertThat(outbox.stats().depth()).isEqualTo(2);
            assertThat(outbox.stats().rejected()).isEqualTo(1);
            final OutboxHealth health = outbox.health();
            assertThat(health.alive()).isTrue();
            assertThat(health.reason()).isNull();
        }
        // and the file is whole for the next start
        try (H2Outbox again = H2Outbox.open(OutboxSettings.builder(dir).syncOnCommit(false).build())) {
            assertThat(again.readAfter(0, 10)).hasSize(2);
        }
    }

    @Test
    void should_report_dead_when_the_file_cannot_be_reopened_within_the_heal_timeout_and_recover_after() throws Exception {
        try (H2Outbox outbox = open(Duration.ofSeconds(2))) {
            outbox.append(List.of(msg("d", "kept"))).get(5, TimeUnit.SECONDS);
            faults.reopenFails.set(true);
            faults.nextCommit.set(new SQLException("injected: disk gone"));
            assertThatThrownBy(() -> outbox.append(List.of(msg("d", "x"))).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(BufferUnavailableException.class);

            assertThat(outbox.health().alive()).as("healing, not dead yet").isTrue();
            assertThat(outbox.hasRoom(100)).as("no room while it cannot write").isFalse();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                final OutboxHealth h = outbox.health();
                assertThat(h.alive()).isFalse();
                assertThat(h.reason()).contains("could not heal within").contains("the file cannot be opened");
            });
            assertThatThrownBy(() -> outbox.append(List.of(msg("d", "y"))).get(5, TimeUnit.SECONDS))
                    .as("refused at once, not queued").hasCauseInstanceOf(BufferUnavailableException.class);

            faults.reopenFails.set(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.health().alive() && outbox.stats().writable());
            outbox.append(List.of(msg("d", "again"))).get(5, TimeUnit.SECONDS);
            assertThat(outbox.readAfter(0, 10)).extracting(OutboxHealingTest::body)
                    .anySatisfy(b -> assertThat(b).endsWith(":kept")).anySatisfy(b -> assertThat(b).endsWith(":again"))
                    .hasSize(2);
        }
    }

    @Test
    void should_refuse_appends_beyond_the_intake_byte_budget_without_queueing_them() throws Exception {
        final int hint = 1000;
        try (H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(dir).syncOnCommit(false).intakeBytes(10 * hint)
                .build(), faults)) {
            faults.holdCommits = new CountDownLatch(1);
            final List<CompletableFuture<List<OutboxEntry>>> waiting = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                waiting.add(outbox.append(List.of(msg("d", "m" + i, hint))));
            }
            assertThat(outbox.hasRoom(hint)).as("budget spent").isFalse();
            assertThat(outbox.stats().intakeBytes()).isEqualTo(10L * hint);
            final CompletableFuture<List<OutboxEntry>> over = outbox.append(List.of(msg("d", "over", hint)));
            assertThatThrownBy(() -> over.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(BufferFullException.class)
                    .hasMessageContaining("fieldgate.memory.budget");

            faults.holdCommits.countDown();
            faults.holdCommits = null;
            for (final CompletableFuture<List<OutboxEntry>> f : waiting) {
                assertThat(f.get(5, TimeUnit.SECONDS)).hasSize(1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.stats().intakeBytes() == 0);
            assertThat(outbox.hasRoom(hint)).isTrue();
            assertThat(outbox.stats().rejected()).isEqualTo(1);
            assertThat(outbox.readAfter(0, 100)).hasSize(10);
        }
    }

    @Test
    void should_let_one_append_larger_than_the_whole_budget_through_when_nothing_else_waits() throws Exception {
        try (H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(dir).syncOnCommit(false).intakeBytes(100).build())) {
            assertThat(outbox.append(List.of(msg("d", "big", 5000))).get(5, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    private H2Outbox open(final Duration healTimeout) {
        return H2Outbox.open(OutboxSettings.builder(dir).syncOnCommit(false).healTimeout(healTimeout).build(), faults);
    }

    private static String body(final OutboxEntry e) {
        return new String(e.payload(), StandardCharsets.UTF_8);
    }

    private static OutboundMessage msg(final String stream, final String body) {
        return msg(stream, body, OutboundMessage.DEFAULT_SIZE_HINT);
    }

    private static OutboundMessage msg(final String stream, final String body, final int hint) {
        return new OutboundMessage(stream, "dt/t/" + stream, 1, id -> (id + ":" + body).getBytes(StandardCharsets.UTF_8),
                hint);
    }
}
