package dev.fieldgate.field.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Notices adapter files changed in the directory while the gateway runs: copied in by hand, edited in place, or
 * swapped by Kubernetes (a ConfigMap update replaces the {@code ..data} link, so every entry's real path changes).
 * Each check compares every file's stamp (real path, size, modification time) with the one last applied; a file is
 * applied once its stamp held still for one whole check (a copy in progress is not read half-way). Polling, not
 * file-system events: it sees link swaps and network file systems alike, at the cost of a directory listing.
 *
 * <p>Thread-safe: checks run on the housekeeping thread, {@link #applied} on a web request's.
 */
final class AdapterFileWatch {

    /** What identifies one version of a file; {@code error} when it could not be read. */
    record Stamp(Path real, long size, long modified, String error) {
    }

    private final Path dir;
    private final Consumer<String> apply;
    private final Map<String, Stamp> applied = new HashMap<>();
    private Map<String, Stamp> seen = Map.of();

    /**
     * @param dir   the adapter directory
     * @param apply applies one adapter's file (as a save on the web page does); called for new, changed and removed
     */
    AdapterFileWatch(final Path dir, final Consumer<String> apply) {
        this.dir = dir;
        this.apply = apply;
    }

    /** Takes the files as they are now as applied: called right after the adapters were loaded. */
    synchronized void baseline() {
        applied.clear();
        applied.putAll(stamps());
        seen = Map.copyOf(applied);
    }

    /** Records that {@code name} was just applied by someone else (the web page), so it is not applied twice. */
    synchronized void applied(final String name) {
        final Stamp now = stamps().get(name);
        if (now == null) {
            applied.remove(name);
        } else {
            applied.put(name, now);
        }
    }

    /** Applies every file that changed, appeared or went away and has held still since the last check. */
    synchronized void check() {
        final Map<String, Stamp> now = stamps();
        final Set<String> names = new HashSet<>(now.keySet());
        names.addAll(applied.keySet());
        for (final String name : names) {
            final Stamp current = now.get(name);
            final boolean changed = !Objects.equals(current, applied.get(name));
            final boolean settled = Objects.equals(current, seen.get(name));
            if (changed && settled) {
                if (current == null) {
                    applied.remove(name);
                } else {
                    applied.put(name, current);
                }
                apply.accept(name);
            }
        }
        seen = now;
    }

    private Map<String, Stamp> stamps() {
        final Map<String, Stamp> out = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                final String file = f.getFileName().toString();
                if (!file.startsWith(".") && (file.endsWith(".yaml") || file.endsWith(".yml"))) {
                    out.put(file.substring(0, file.lastIndexOf('.')), stamp(f));
                }
            });
        } catch (final IOException e) {
            // the directory is being swapped or unmounted: nothing changes until it can be listed again
            return seen;
        }
        return out;
    }

    private static Stamp stamp(final Path file) {
        try {
            final Path real = file.toRealPath();
            return new Stamp(real, Files.size(real), Files.getLastModifiedTime(real).toMillis(), null);
        } catch (final IOException e) {
            return new Stamp(file, -1, -1, e.getClass().getSimpleName());
        }
    }
}
