package dev.fieldgate.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {

    @TempDir
    Path root;

    @Test
    void should_never_write_through_a_link_planted_at_the_temporary_name() throws IOException {
        final Path dir = Files.createDirectories(root.resolve("adapters"));
        final Path victim = Files.writeString(root.resolve("victim.conf"), "keep me");
        Files.createSymbolicLink(dir.resolve(".plc.yaml.tmp"), victim);

        AtomicFiles.write(dir.resolve("plc.yaml"), "kind: modbus-tcp\n", false);

        assertThat(victim).hasContent("keep me");
        assertThat(dir.resolve("plc.yaml")).hasContent("kind: modbus-tcp\n");
        assertThat(Files.isSymbolicLink(dir.resolve("plc.yaml"))).isFalse();
    }
}
