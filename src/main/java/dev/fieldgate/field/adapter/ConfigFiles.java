package dev.fieldgate.field.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists and reads the YAML files of a configuration directory (adapters, profiles): the one way the loader, the
 * web page and the diagnostics bundle read them, so one rule holds for all three.
 *
 * <ul>
 *   <li>A file is read only where it really lies: its real path, links resolved, must be inside the directory's
 *       real path. Kubernetes ConfigMap mounts keep working (their entries are links into {@code ..data/} inside
 *       the same directory); a link to a key or to {@code /etc/shadow} is refused, whoever asks.</li>
 *   <li>At most {@link #MAX_FILE_BYTES} are read, however large the file is or grows while it is read.</li>
 *   <li>The text must be UTF-8: anything else is refused with that reason instead of failing the whole list.</li>
 * </ul>
 */
public final class ConfigFiles {

    /** Adapter and profile files are small; anything larger is a mistake or an attack. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    private ConfigFiles() {
    }

    private static byte[] readInside(final Path dir, final Path file) throws IOException {
        final Path real = file.toRealPath();
        if (!real.startsWith(dir.toRealPath())) {
            // the target is not named: it is exactly what a viewer must not learn about
            throw new AdapterConfigException("", 0, "the file is a link that leads outside " + dir
                    + "; only files inside the directory are read");
        }
        // the resolved path is opened without following links, so a link swapped in after the check is refused
        // rather than read; a hard link to a file elsewhere has no real path to tell, so it is refused by its count
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new AdapterConfigException("", 0, "the file is not a regular file");
        }
        if (Files.getFileStore(real).supportsFileAttributeView("unix")
                && ((Number) Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() > 1) {
            throw new AdapterConfigException("", 0, "the file has other hard links; copy it into the directory");
        }
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(MAX_FILE_BYTES + 1);
        }
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

    /**
     * Reads a file of {@code dir}.
     *
     * @return the file's text
     * @throws AdapterConfigException when it leads outside {@code dir}, is too large or is not UTF-8
     * @throws IOException            when it cannot be read
     */
    public static String read(final Path dir, final Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = readInside(dir, file);
        } catch (final NoSuchFileException e) {
            // a ConfigMap update swaps its ..data link between resolving and opening: the new version is there
            bytes = readInside(dir, file);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new AdapterConfigException("", 0, "the file is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException e) {
            throw new AdapterConfigException("", 0, "the file is not UTF-8 text; save it as UTF-8");
        }
    }
}
