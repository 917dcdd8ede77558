package dev.fieldgate.field.adapter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest {

    private static final String ADAPTER = "kind: modbus-tcp\nconnection: {host: 10.0.0.5}\ndevices: []\n";

    @TempDir
    Path root;

    @Test
    void should_refuse_a_link_that_leads_outside_the_directory_without_naming_its_target() throws IOException {
        final Path dir = Files.createDirectories(root.resolve("adapters"));
        final Path secret = Files.writeString(root.resolve("gateway.key"), "-----BEGIN PRIVATE KEY-----\n");
        final Path link = Files.createSymbolicLink(dir.resolve("keylink.yaml"), secret);

        assertThatThrownBy(() -> ConfigFiles.read(dir, link)).isInstanceOf(AdapterConfigException.class)
                .hasMessageContaining("link that leads outside").hasMessageNotContaining("gateway.key");
    }

    @Test
    void should_read_a_kubernetes_configmap_mount_whose_entries_are_links_into_its_own_data_directory()
            throws IOException {
        final Path dir = Files.createDirectories(root.resolve("adapters"));
        // the layout kubelet writes: ..2026_12_03/plc.yaml, ..data -> ..2026_12_03, plc.yaml -> ..data/plc.yaml
        Files.writeString(Files.createDirectories(dir.resolve("..2026_12_03")).resolve("plc.yaml"), ADAPTER);
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_12_03"));
        final Path entry = Files.createSymbolicLink(dir.resolve("plc.yaml"), Path.of("..data/plc.yaml"));

        assertThat(ConfigFiles.read(dir, entry)).isEqualTo(ADAPTER);
        assertThat(ConfigFiles.list(dir, new ArrayList<>())).containsExactly(entry);

        // an update swaps ..data atomically; the same entry then reads the new version
        Files.writeString(Files.createDirectories(dir.resolve("..2026_12_04")).resolve("plc.yaml"), ADAPTER + "# v2\n");
        Files.move(Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2026_12_04")), dir.resolve("..data"),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(ConfigFiles.read(dir, entry)).endsWith("# v2\n");
    }

    @Test
    void should_refuse_a_hard_link_to_a_file_elsewhere() throws IOException {
        final Path dir = Files.createDirectories(root.resolve("adapters"));
        final Path secret = Files.writeString(root.resolve("gateway.key"), "-----BEGIN PRIVATE KEY-----\n");
        final Path hard = Files.createLink(dir.resolve("hard.yaml"), secret);

        assertThatThrownBy(() -> ConfigFiles.read(dir, hard)).isInstanceOf(AdapterConfigException.class)
                .hasMessageContaining("hard links");
    }

    @Test
    void should_read_no_more_than_the_cap_of_a_large_file() throws IOException {
        final Path dir = Files.createDirectories(root.resolve("adapters"));
        final byte[] big = new byte[ConfigFiles.MAX_FILE_BYTES + 1];
        Arrays.fill(big, (byte) '#');
        final Path file = Files.write(dir.resolve("big.yaml"), big);

        assertThatThrownBy(() -> ConfigFiles.read(dir, file)).isInstanceOf(AdapterConfigException.class)
                .hasMessageContaining("larger than 1024 KiB");
    }

    @Test
    void should_refuse_text_that_is_not_utf8_with_that_reason() throws IOException {
        final Path dir = Files.createDirectories(root.resolve("adapters"));
        final Path file = Files.write(dir.resolve("latin1.yaml"),
                "kind: modbus-tcp # Druckmessumformer Ö\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ConfigFiles.read(dir, file)).isInstanceOf(AdapterConfigException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void should_list_the_others_and_reject_only_the_bad_files_when_loading_the_directory() throws IOException {
        final Path dir = Files.createDirectories(root.resolve("adapters"));
        Files.writeString(dir.resolve("good.yaml"), "kind: modbus-tcp\nconnection: {host: 10.0.0.5}\ndevices:\n"
                + "  - id: plc-1\n    unit-id: 1\n    points:\n      - {name: a, register-type: holding-register, address: 0}\n");
        Files.write(dir.resolve("latin1.yaml"), "kind: modbus-tcp # Ö\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.createSymbolicLink(dir.resolve("shadowlink.yaml"), Files.writeString(root.resolve("shadow"), "root:x\n"));

        final AdapterLoader.Result result = new AdapterLoader(ProfileCatalog.load(root.resolve("none")), id -> { })
                .loadDirectory(dir);

        assertThat(result.adapters()).extracting(AdapterDefinition::name).containsExactly("good");
        assertThat(result.problems()).extracting(p -> p.file() + ": " + p.message()).containsExactlyInAnyOrder(
                dir.resolve("latin1.yaml") + ": the file is not UTF-8 text; save it as UTF-8",
                dir.resolve("shadowlink.yaml") + ": the file is a link that leads outside " + dir
                        + "; only files inside the directory are read");
    }
}
