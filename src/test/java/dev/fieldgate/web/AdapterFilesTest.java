package dev.fieldgate.web;

import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The web page's view of the adapter directory follows the loader's file rule: real files inside it only. */
class AdapterFilesTest {

    private static final String GOOD = "kind: modbus-tcp\nconnection: {host: 10.0.0.5}\ndevices:\n"
            + "  - id: plc-1\n    unit-id: 1\n    points:\n      - {name: a, register-type: holding-register, address: 0}\n";

    @TempDir
    Path root;

    private AdapterFiles files(final Path dir) {
        return files(dir, id -> Optional.empty());
    }

    private AdapterFiles files(final Path dir, final Function<String, Optional<String>> runningIn) {
        return new AdapterFiles(dir, new AdapterLoader(ProfileCatalog.load(root.resolve("none")), id -> { }), runningIn);
    }

    private Path hostileDirectory() throws IOException {
        final Path dir = Files.createDirectories(root.resolve("adapters"));
        Files.writeString(dir.resolve("good.yaml"), GOOD);
        Files.write(dir.resolve("latin1.yaml"), "kind: modbus-tcp # Ö\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.createSymbolicLink(dir.resolve("keylink.yaml"),
                Files.writeString(root.resolve("gateway.key"), "-----BEGIN PRIVATE KEY-----\nsecret\n"));
        return dir;
    }

    @Test
    void should_refuse_to_show_a_file_behind_a_link_leading_outside() throws IOException {
        final AdapterFiles files = files(hostileDirectory());

        assertThatThrownBy(() -> files.read("keylink")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("link that leads outside").hasMessageNotContaining("PRIVATE KEY");
        assertThat(files.read("good")).isEqualTo(GOOD);
    }

    @Test
    void should_list_every_file_with_the_bad_ones_rejected_for_their_reason() throws IOException {
        final List<AdapterFiles.Entry> list = files(hostileDirectory()).list();

        assertThat(list).extracting(AdapterFiles.Entry::name).containsExactly("good", "keylink", "latin1");
        assertThat(list.get(0).problem()).isNull();
        assertThat(list.get(1).problem().message()).contains("link that leads outside");
        assertThat(list.get(2).problem().message()).contains("not UTF-8");
    }

    @Test
    void should_bundle_refused_files_by_reason_and_stop_at_the_byte_cap() throws IOException {
        final Path dir = hostileDirectory();
        Files.writeString(dir.resolve("second.yaml"), GOOD.replace("plc-1", "plc-2"));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            // room for one of the two good files only
            DiagnosticsResource.putAdapterFiles(zip, files(dir), GOOD.length() + 10);
        }

        final List<String> entries = new ArrayList<>();
        final StringBuilder all = new StringBuilder();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.add(e.getName());
                all.append(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsExactly("adapters/good.yaml", "adapters/keylink.refused.txt",
                "adapters/latin1.refused.txt", "adapters/second.omitted.txt");
        assertThat(all).doesNotContain("PRIVATE KEY");
    }

    @Test
    void should_show_the_file_that_runs_a_duplicated_device_as_running_and_let_it_be_saved_and_disabled()
            throws IOException {
        final Path dir = Files.createDirectories(root.resolve("dup"));
        Files.writeString(dir.resolve("a-first.yaml"), GOOD);
        Files.writeString(dir.resolve("b-second.yaml"), GOOD);
        // b-second runs plc-1 (it was there first; a-first was copied in later)
        final AdapterFiles files = files(dir, id -> id.equals("plc-1") ? Optional.of("b-second") : Optional.empty());

        final List<AdapterFiles.Entry> list = files.list();
        assertThat(list.get(0).problem().message()).contains("used by adapter b-second, which runs it");
        assertThat(list.get(1).problem()).as("the running file is not rejected").isNull();
        assertThat(files.check("b-second", GOOD)).as("saved unchanged").isEmpty();
        assertThat(files.check("b-second", AdapterFiles.withEnabled(GOOD, false))).as("disabled").isEmpty();
        assertThat(files.check("a-first", AdapterFiles.withEnabled(GOOD, false))).as("the other disabled").isEmpty();
    }

    @Test
    void should_give_a_duplicated_device_to_the_file_first_by_name_when_none_runs_it() throws IOException {
        final Path dir = Files.createDirectories(root.resolve("dup"));
        Files.writeString(dir.resolve("a-first.yaml"), GOOD);
        Files.writeString(dir.resolve("b-second.yaml"), GOOD);

        final List<AdapterFiles.Entry> list = files(dir).list();

        assertThat(list.get(0).problem()).isNull();
        assertThat(list.get(1).problem().message()).contains("already used in a-first.yaml");
    }
}
