package dev.fieldgate.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files written so that a crash leaves the old content or the new, never half of it. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to a temporary file beside {@code target}, flushes it, renames it over
     * {@code target} and flushes the directory where the file system allows.
     *
     * @param ownerOnly  make the file readable by its owner only (keys, tokens), before anything is written
     * @throws UncheckedIOException naming the file
     */
    public static void write(final Path target, final String content, final boolean ownerOnly) {
        final Path dir = target.toAbsolutePath().getParent();
        final Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            // a fresh file, never one found there: a link planted at the temporary name must not be written through
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                if (ownerOnly) {
                    restrictToOwner(tmp);
                }
                ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (final IOException e) {
                // not every file system syncs directories; the rename itself is atomic
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Makes a file readable and writable by its owner only, where the file system has POSIX permissions. */
    public static void restrictToOwner(final Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (final UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }
}
