package dev.fieldgate.field.adapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Lists and reads the YAML files of a configuration directory, with a size bound. */
final class YamlFiles {

    /** Adapter and profile files are small; anything larger is a mistake or an attack. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private YamlFiles() {
    }

    /** @return the regular {@code *.yaml}/{@code *.yml} files of {@code dir}, sorted by name; none if it is missing. */
    static List<Path> list(final Path dir, final List<ConfigProblem> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (final IOException e) {
            problems.add(new ConfigProblem(dir.toString(), 0, "", "cannot list directory: " + e.getMessage()));
            return List.of();
        }
    }

    /** @return the file's text. @throws AdapterConfigException when it is too large */
    static String read(final Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new AdapterConfigException("", 0, "file is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
