package dev.fieldgate.rig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) running as a child JVM, its output
 * collected line by line. The outbox's accepted-message log is switched on so a test knows exactly which
 * messages the gateway had accepted when it was killed.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern ACCEPTED = Pattern.compile("accepted (\\S+) stream=(\\S+)");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private GatewayProcess(final Process process) {
        this.process = process;
        final Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (final IOException e) {
                lines.add("<reader failed: " + e.getMessage() + ">");
            }
        }, "gateway-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the packaged gateway.
     *
     * @param config system properties for it
     * @return the running process
     */
    public static GatewayProcess start(final Map<String, String> config) {
        final Path jar = Path.of(System.getProperty("fieldgate.runner.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run through 'mvnw verify' so the jar is packaged first");
        }
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-Dquarkus.http.port=0");
        cmd.add("-Dquarkus.log.category.\"dev.fieldgate.buffer.accepted\".level=DEBUG");
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        try {
            return new GatewayProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the message ids the outbox reported accepted, in order. */
    public Set<String> accepted() {
        final Set<String> ids = new LinkedHashSet<>();
        for (final String line : lines) {
            final Matcher m = ACCEPTED.matcher(line);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** @return true once the gateway logged that it started. */
    public boolean started() {
        return lines.stream().anyMatch(l -> l.contains("Fieldgate ") && l.contains(" started:"));
    }

    /** @return everything printed so far. */
    public String output() {
        return String.join("\n", lines);
    }

    /** Kills the process with SIGKILL: no shutdown hook, no close of anything. */
    public void kill9() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Stops the process with SIGTERM, as a container runtime does. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.toHandle().destroyForcibly();
            }
        }
    }

    /** @return the exit code, or -1 while running. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }
}
