package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.OutboxEntry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills a process that is appending with SIGKILL and checks that every message it saw accepted is on disk. */
class OutboxCrashTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "sync-on-commit={0}")
    @ValueSource(booleans = {false, true})
    void should_keep_every_accepted_message_across_kill_9(final boolean sync) throws Exception {
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OutboxCrashChild.class.getName(), dir.toString(),
                Boolean.toString(sync))
                .redirectErrorStream(true).start();
        final Set<String> acknowledged = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                    if (acknowledged.size() >= 3000) {
                        child.toHandle().destroyForcibly();   // SIGKILL: no shutdown hook, no close
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(3000);

        try (H2Outbox reopened = H2Outbox.open(OutboxSettings.builder(dir).maxBytes(1L << 30).syncOnCommit(false).build())) {
            final List<OutboxEntry> stored = reopened.readAfter(0, 1_000_000);
            final Set<String> storedIds = stored.stream().map(OutboxEntry::messageId).collect(Collectors.toSet());
            assertThat(storedIds).containsAll(acknowledged);
            assertThat(stored).extracting(OutboxEntry::id).isSorted();
            assertThat(reopened.stats().depth()).isEqualTo(stored.size());
        }
    }
}
