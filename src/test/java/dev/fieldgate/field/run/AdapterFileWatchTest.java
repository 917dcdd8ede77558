package dev.fieldgate.field.run;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Files changed in the adapter directory are applied once each, after they held still for one check. */
class AdapterFileWatchTest {

    @TempDir
    Path dir;

    private final List<String> applied = new ArrayList<>();
    private AdapterFileWatch watch;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dir.resolve("plc.yaml"), "kind: modbus-tcp # v1\n");
        watch = new AdapterFileWatch(dir, applied::add);
        watch.baseline();
    }

    @Test
    void should_apply_nothing_while_nothing_changes() {
        watch.check();
        watch.check();
        assertThat(applied).isEmpty();
    }

    @Test
    void should_apply_a_changed_file_once_it_held_still_for_one_check() throws IOException {
        write("plc.yaml", "kind: modbus-tcp # v2, longer\n");
        watch.check();
        assertThat(applied).as("a copy may still be in progress").isEmpty();
        watch.check();
        assertThat(applied).containsExactly("plc");
        watch.check();
        assertThat(applied).as("applied once").containsExactly("plc");
    }

    @Test
    void should_apply_new_and_removed_files() throws IOException {
        write("meter.yml", "kind: modbus-tcp\n");
        Files.delete(dir.resolve("plc.yaml"));
        watch.check();
        watch.check();
        assertThat(applied).containsExactlyInAnyOrder("meter", "plc");
    }

    @Test
    void should_not_apply_again_what_the_web_page_applied_itself() throws IOException {
        write("plc.yaml", "kind: modbus-tcp # saved from the page\n");
        watch.applied("plc");
        watch.check();
        watch.check();
        assertThat(applied).isEmpty();
    }

    @Test
    void should_apply_every_entry_of_a_configmap_when_its_data_link_is_swapped() throws IOException {
        final Path cm = Files.createDirectories(dir.resolve("cm"));
        Files.writeString(Files.createDirectories(cm.resolve("..v1")).resolve("line.yaml"), "kind: modbus-tcp\n");
        Files.createSymbolicLink(cm.resolve("..data"), Path.of("..v1"));
        Files.createSymbolicLink(cm.resolve("line.yaml"), Path.of("..data/line.yaml"));
        final AdapterFileWatch mounted = new AdapterFileWatch(cm, applied::add);
        mounted.baseline();

        // kubelet writes the new version beside the old one and swaps ..data atomically; same size, same content
        Files.writeString(Files.createDirectories(cm.resolve("..v2")).resolve("line.yaml"), "kind: modbus-tcp\n");
        Files.move(Files.createSymbolicLink(cm.resolve("..data_tmp"), Path.of("..v2")), cm.resolve("..data"),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        mounted.check();
        mounted.check();

        assertThat(applied).containsExactly("line");
    }

    private void write(final String name, final String text) throws IOException {
        final Path f = Files.writeString(dir.resolve(name), text);
        // a whole second later: coarse file-system clocks must not hide the change
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 1000));
    }
}
