package dev.fieldgate.sparkplug;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The bdSeq kept across restarts. */
class BdSeqStoreTest {

    @TempDir
    Path dir;

    @Test
    void should_keep_the_last_bdseq_for_the_next_start() {
        final Path file = dir.resolve("sparkplug").resolve("bdseq");
        assertThat(new BdSeqStore(file).last()).isEqualTo(-1);

        new BdSeqStore(file).used(255);

        assertThat(new BdSeqStore(file).last()).isEqualTo(255);
    }

    @Test
    void should_count_from_0_again_when_the_file_holds_no_bdseq() throws Exception {
        Files.writeString(dir.resolve("bdseq"), "256");
        assertThat(new BdSeqStore(dir.resolve("bdseq")).last()).isEqualTo(-1);
        Files.writeString(dir.resolve("bdseq"), "x");
        assertThat(new BdSeqStore(dir.resolve("bdseq")).last()).isEqualTo(-1);
    }
}
