package dev.fieldgate.uplink.sigv4;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the AWS CLI's shared files lie and how they are opened. Paths follow the CLI: the configured path, else
 * {@code AWS_SHARED_CREDENTIALS_FILE} / {@code AWS_CONFIG_FILE}, else {@code ~/.aws/credentials} /
 * {@code ~/.aws/config}, with a leading {@code ~} expanded. Files are read where they really lie (links resolved,
 * e.g. a Kubernetes secret's {@code ..data} link). The AWS CLI reads them without looking at their permissions; so
 * does the gateway, but it warns once per credentials file that others can read, since a Kubernetes secret volume is 0644 unless
 * its {@code defaultMode} says otherwise and refusing would break such installs.
 */
final class CredentialFiles {

    static final String SHARED_CREDENTIALS_FILE = "AWS_SHARED_CREDENTIALS_FILE";
    static final String CONFIG_FILE = "AWS_CONFIG_FILE";

    private static final Logger LOG = Logger.getLogger(CredentialFiles.class);
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private CredentialFiles() {
    }

    /**
     * @param configured the configured credentials file, if any
     * @param env the environment
     * @param home the user's home directory
     * @return the credentials file to read (it may not exist)
     */
    static Path credentialsFile(final Optional<Path> configured, final Map<String, String> env, final Path home) {
        return configured.map(p -> expand(p.toString(), home))
                .orElseGet(() -> fromEnv(env, SHARED_CREDENTIALS_FILE, home, "credentials"));
    }

    /**
     * @param env the environment
     * @param home the user's home directory
     * @return the config file to read (it may not exist)
     */
    static Path configFile(final Map<String, String> env, final Path home) {
        return fromEnv(env, CONFIG_FILE, home, "config");
    }

    /**
     * @param file a path as configured
     * @param holdsKeys whether the file is meant to hold keys (the credentials file): only then is a file that
     *                  others can read warned about, as the config file usually holds only settings
     * @return the real path of the file, links resolved; empty when there is no such file
     * @throws SigV4Exception when it exists but cannot be resolved or is not a regular file
     */
    static Optional<Path> realFile(final Path file, final boolean holdsKeys) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        final Path real;
        try {
            real = file.toRealPath();
        } catch (final IOException e) {
            throw new SigV4Exception("cannot resolve " + file + ": " + e.getClass().getSimpleName(), false);
        }
        if (!Files.isRegularFile(real)) {
            throw new SigV4Exception(file + " is not a regular file", false);
        }
        if (holdsKeys) {
            warnIfOthersCanRead(file, real);
        }
        return Optional.of(real);
    }

    private static void warnIfOthersCanRead(final Path file, final Path real) {
        try {
            final Set<PosixFilePermission> perms = Files.getPosixFilePermissions(real);
            if (perms.contains(PosixFilePermission.OTHERS_READ) && WARNED.add(real)) {
                LOG.warnf("AWS shared file %s%s can be read by every user of this machine; "
                        + "restrict it (chmod 600, or defaultMode 0400 on a Kubernetes secret volume)", file,
                        real.equals(file) ? "" : " (" + real + ")");
            }
        } catch (final UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to judge
        }
    }

    private static Path fromEnv(final Map<String, String> env, final String variable, final Path home,
                                final String name) {
        final String value = env.get(variable);
        if (value != null && !value.isBlank()) {
            return expand(value.trim(), home);
        }
        return home.resolve(".aws").resolve(name);
    }

    private static Path expand(final String path, final Path home) {
        if (path.equals("~")) {
            return home;
        }
        return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
    }
}
