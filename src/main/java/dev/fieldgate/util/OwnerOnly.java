package dev.fieldgate.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the gateway's data directory readable by the gateway's user only: account hashes, buffered readings,
 * shadows, command logs and identities are nobody else's business on a shared box. Directories become 0700 and
 * files 0600; a wider mode found (an older version's files, a copy made by hand, a file a library created with the
 * process umask) is tightened and reported, so the operator learns it was open. Links are not followed.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** What one pass changed and what it could not. */
    public record Result(List<Path> tightened, List<String> refused) {
    }

    private OwnerOnly() {
    }

    /**
     * Creates {@code dir} when missing and takes every group and other permission away from it and from
     * everything below it. A path the process may not change (a volume's mount point owned by root) is reported,
     * not fatal: the gateway still runs.
     *
     * @return what was tightened and what could not be
     */
    public static Result tighten(final Path dir) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new Result(List.of(), List.of());
        }
        final List<Path> tightened = new ArrayList<>();
        final List<String> refused = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> all = Files.walk(dir)) {
                all.forEach(p -> tighten(p, tightened, refused));
            }
        } catch (final IOException | UncheckedIOException e) {
            refused.add(dir + ": " + e.getMessage());
        }
        return new Result(tightened, refused);
    }

    private static void tighten(final Path p, final List<Path> tightened, final List<String> refused) {
        try {
            if (Files.isSymbolicLink(p)) {
                return;
            }
            final Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (now.stream().noneMatch(OTHERS::contains)) {
                return;
            }
            Files.setPosixFilePermissions(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
            tightened.add(p);
        } catch (final IOException e) {
            refused.add(p + ": " + e.getMessage());
        }
    }
}
