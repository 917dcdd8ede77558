package dev.fieldgate.web;

import dev.fieldgate.field.adapter.AdapterConfigException;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ConfigFiles;
import dev.fieldgate.field.adapter.ConfigProblem;
import dev.fieldgate.field.adapter.TcpEndpoint;
import dev.fieldgate.util.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The adapter files the gateway loads from its adapter directory: read, checked with the gateway's own
 * loader, and written atomically (a temporary file, flushed, then renamed over the old one), so that a crash
 * never leaves half a file.
 */
final class AdapterFiles {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** What the page saves is what the loader reads: one limit. */
    static final int MAX_BYTES = ConfigFiles.MAX_FILE_BYTES;

    /** One file and what the loader makes of it. */
    record Entry(String name, String kind, boolean enabled, List<String> devices, ConfigProblem problem) {
    }

    private final Path dir;
    private final AdapterLoader loader;
    private final Function<String, Optional<String>> runningIn;

    /**
     * @param dir        the adapter directory
     * @param loader     the gateway's loader
     * @param runningIn  which adapter runs a device id now, if any
     */
    AdapterFiles(final Path dir, final AdapterLoader loader, final Function<String, Optional<String>> runningIn) {
        this.dir = dir;
        this.loader = loader;
        this.runningIn = runningIn;
    }

    /** @return every adapter file with its state, by name; each file is read and parsed once. */
    List<Entry> list() {
        final Map<String, Parsed> all = new LinkedHashMap<>();
        for (final String name : names()) {
            all.put(name, load(name));
        }
        final List<Entry> out = new ArrayList<>();
        all.forEach((name, p) -> {
            final ConfigProblem problem = p.problem() != null ? p.problem() : conflict(name, p.definition(), all);
            out.add(problem != null ? new Entry(name, "", false, List.of(), problem)
                    : new Entry(name, p.definition().kind().configName(), p.definition().enabled(),
                    p.definition().deviceIds(), null));
        });
        return out;
    }

    /**
     * @return the file's text
     * @throws IllegalArgumentException for a bad or unknown name, and for a file the loader refuses to read (a link
     *                                  leading outside the directory, too large, not UTF-8), with the reason
     */
    String read(final String name) {
        final Path f = existing(name);
        try {
            return ConfigFiles.read(dir, f);
        } catch (final AdapterConfigException e) {
            throw new IllegalArgumentException(new ConfigProblem(f.toString(), 0, "", e.getMessage()).toString(), e);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the network hosts the adapter files name (files the loader rejects name none) */
    Set<String> hosts() {
        final Set<String> out = new HashSet<>();
        for (final String name : names()) {
            final AdapterDefinition def = load(name).definition();
            if (def != null && def.connection() instanceof TcpEndpoint tcp) {
                out.add(tcp.host());
            }
        }
        return out;
    }

    /**
     * @return the first problem the gateway would reject the file for, with line and key; or empty
     */
    Optional<ConfigProblem> check(final String name, final String yaml) {
        checkName(name);
        final Parsed p = parse(name, yaml);
        if (p.problem() != null) {
            return Optional.of(p.problem());
        }
        final Map<String, Parsed> others = new LinkedHashMap<>();
        for (final String other : names()) {
            if (!other.equals(name)) {
                others.put(other, load(other));
            }
        }
        return Optional.ofNullable(conflict(name, p.definition(), others));
    }

    /** A file as the loader sees it: its definition, or why it is rejected. */
    private record Parsed(AdapterDefinition definition, ConfigProblem problem) {
    }

    /** @return the file as the loader sees it, a file it refuses to read included */
    private Parsed load(final String name) {
        final Path f = existing(name);
        try {
            return parse(name, ConfigFiles.read(dir, f));
        } catch (final AdapterConfigException e) {
            return new Parsed(null, new ConfigProblem(f.toString(), 0, "", e.getMessage()));
        } catch (final IOException e) {
            return new Parsed(null, new ConfigProblem(f.toString(), 0, "", "cannot read: " + e.getMessage()));
        }
    }

    private Parsed parse(final String name, final String yaml) {
        final String label = fileOf(name).toString();
        if (yaml == null || yaml.isBlank()) {
            return new Parsed(null, new ConfigProblem(label, 0, "", "the file is empty"));
        }
        if (yaml.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return new Parsed(null, new ConfigProblem(label, 0, "", "the file is larger than " + MAX_BYTES / 1024 + " KiB"));
        }
        try {
            return new Parsed(loader.parse(label, name, yaml), null);
        } catch (final AdapterConfigException e) {
            return new Parsed(null, new ConfigProblem(label, e.line(), e.key(), e.getMessage()));
        }
    }

    /**
     * Device ids are unique across the whole gateway (they are topic levels and thing names); a rejected
     * neighbour claims nothing.
     *
     * @return the problem when another file already uses one of this definition's device ids, else null
     */
    private ConfigProblem conflict(final String name, final AdapterDefinition def, final Map<String, Parsed> files) {
        if (!def.enabled()) {
            return null;   // a disabled file claims nothing: it can always be saved, and disabled
        }
        for (final String id : def.deviceIds()) {
            final Optional<String> runner = runningIn.apply(id);
            if (runner.isPresent()) {
                if (!runner.get().equals(name)) {
                    return new ConfigProblem(fileOf(name).toString(), 0, "devices", "device id '" + id
                            + "' is used by adapter " + runner.get() + ", which runs it");
                }
                continue;
            }
            // nobody runs it: the enabled file first by name has it, as at start
            for (final Map.Entry<String, Parsed> other : files.entrySet()) {
                final AdapterDefinition d = other.getValue().definition();
                if (!other.getKey().equals(name) && d != null && d.enabled() && d.deviceIds().contains(id)
                        && other.getKey().compareTo(name) < 0) {
                    return new ConfigProblem(fileOf(name).toString(), 0, "devices", "device id '" + id
                            + "' is already used in " + other.getKey() + ".yaml");
                }
            }
        }
        return null;
    }

    /** Writes the file atomically. @throws IllegalArgumentException for a bad name */
    void write(final String name, final String yaml) {
        checkName(name);
        final Path target = Files.isRegularFile(dir.resolve(name + ".yml")) ? dir.resolve(name + ".yml") : fileOf(name);
        AtomicFiles.write(target, yaml, false);
    }

    /** Deletes the file. */
    void delete(final String name) {
        try {
            Files.delete(existing(name));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code yaml} with its top-level {@code enabled:} set (added after {@code kind:} when missing). */
    static String withEnabled(final String yaml, final boolean enabled) {
        final String line = "enabled: " + enabled;
        if (Pattern.compile("(?m)^enabled:.*$").matcher(yaml).find()) {
            return yaml.replaceAll("(?m)^enabled:.*$", line);
        }
        return yaml.replaceFirst("(?m)^(kind:.*)$", "$1\n" + line);
    }

    private List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).filter(n -> !n.startsWith("."))
                    .map(n -> n.substring(0, n.lastIndexOf('.'))).filter(n -> NAME.matcher(n).matches()).sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path existing(final String name) {
        checkName(name);
        for (final Path f : new Path[] {fileOf(name), dir.resolve(name + ".yml")}) {
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no adapter file " + name + ".yaml");
    }

    private Path fileOf(final String name) {
        return dir.resolve(name + ".yaml");
    }

    static void checkName(final String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("adapter names are 1-64 of a-z 0-9 _ - (the file name without .yaml)");
        }
    }
}
