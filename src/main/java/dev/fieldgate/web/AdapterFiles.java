package dev.fieldgate.web;

import dev.fieldgate.field.adapter.AdapterConfigException;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ConfigProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The adapter files the gateway loads from its adapter directory: read, checked with the gateway's own
 * loader, and written atomically (a temporary file, flushed, then renamed over the old one), so that a crash
 * never leaves half a file.
 */
final class AdapterFiles {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final int MAX_BYTES = 256 * 1024;

    /** One file and what the loader makes of it. */
    record Entry(String name, String kind, boolean enabled, List<String> devices, ConfigProblem problem) {
    }

    private final Path dir;
    private final AdapterLoader loader;

    AdapterFiles(final Path dir, final AdapterLoader loader) {
        this.dir = dir;
        this.loader = loader;
    }

    /** @return every adapter file with its state, by name. */
    List<Entry> list() {
        final List<Entry> out = new ArrayList<>();
        for (final String name : names()) {
            final String yaml = read(name);
            final Optional<ConfigProblem> problem = check(name, yaml);
            if (problem.isPresent()) {
                out.add(new Entry(name, "", false, List.of(), problem.get()));
            } else {
                final AdapterDefinition d = loader.parse(fileOf(name).toString(), name, yaml);
                out.add(new Entry(name, d.kind().configName(), d.enabled(), d.deviceIds(), null));
            }
        }
        return out;
    }

    /** @return the file's text. @throws IllegalArgumentException for a bad or unknown name */
    String read(final String name) {
        final Path f = existing(name);
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return true when the file exists. */
    boolean exists(final String name) {
        checkName(name);
        return Files.isRegularFile(fileOf(name)) || Files.isRegularFile(dir.resolve(name + ".yml"));
    }

    /**
     * @return the first problem the gateway would reject the file for, with line and key; or empty
     */
    Optional<ConfigProblem> check(final String name, final String yaml) {
        checkName(name);
        final String label = fileOf(name).toString();
        if (yaml == null || yaml.isBlank()) {
            return Optional.of(new ConfigProblem(label, 0, "", "the file is empty"));
        }
        if (yaml.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of(new ConfigProblem(label, 0, "", "the file is larger than " + MAX_BYTES / 1024 + " KiB"));
        }
        final AdapterDefinition def;
        try {
            def = loader.parse(label, name, yaml);
        } catch (final AdapterConfigException e) {
            return Optional.of(new ConfigProblem(label, e.line(), e.key(), e.getMessage()));
        }
        // device ids are unique across the whole gateway (they are topic levels and thing names)
        final Map<String, String> owners = new HashMap<>();
        for (final String other : names()) {
            if (other.equals(name)) {
                continue;
            }
            try {
                loader.parse(other, other, read(other)).deviceIds().forEach(id -> owners.put(id, other));
            } catch (final AdapterConfigException e) {
                // a broken neighbour claims nothing
            }
        }
        for (final String id : def.deviceIds()) {
            if (owners.containsKey(id)) {
                return Optional.of(new ConfigProblem(label, 0, "devices", "device id '" + id + "' is already used in "
                        + owners.get(id) + ".yaml"));
            }
        }
        return Optional.empty();
    }

    /** Writes the file atomically. @throws IllegalArgumentException for a bad name */
    void write(final String name, final String yaml) {
        checkName(name);
        final Path target = Files.isRegularFile(dir.resolve(name + ".yml")) ? dir.resolve(name + ".yml") : fileOf(name);
        final Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(yaml.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
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
