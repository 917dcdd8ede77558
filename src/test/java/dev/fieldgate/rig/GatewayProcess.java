package dev.fieldgate.rig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) running as a child JVM, or the native
 * executable named by the environment variable {@code FIELDGATE_NATIVE_RUNNER} (bench/native.sh points the
 * process tests at it). The outbox's accepted-message log is switched on so a test knows exactly which messages
 * the gateway had accepted when it was killed.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern ACCEPTED = Pattern.compile("accepted (\\S+) stream=(\\S+)");

    private final ExternalProcess process;

    private GatewayProcess(final ExternalProcess process) {
        this.process = process;
    }

    /**
     * Starts the packaged gateway.
     *
     * @param config system properties for it
     * @return the running process
     */
    public static GatewayProcess start(final Map<String, String> config) {
        return start(config, List.of("-Xmx256m"), true);
    }

    /**
     * Starts the packaged gateway with the JVM options a deployment uses.
     *
     * @param config       system properties for it
     * @param jvmOptions   JVM options instead of the test default heap, e.g. {@code @jvm.options}
     * @param logAccepted  whether to log every accepted message id (costly at high rates)
     * @return the running process
     */
    public static GatewayProcess start(final Map<String, String> config, final List<String> jvmOptions,
                                       final boolean logAccepted) {
        final String executable = System.getenv("FIELDGATE_NATIVE_RUNNER");
        final Path jar = Path.of(System.getProperty("fieldgate.runner.jar", "target/quarkus-app/quarkus-run.jar"));
        if (executable == null && !Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run through 'mvnw verify' so the jar is packaged first");
        }
        final List<String> cmd = new ArrayList<>();
        // a native executable takes -X and -D options like a JVM; @jvm.options is a launcher file it cannot read
        cmd.add(executable != null ? executable : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(executable != null ? List.of("-Xmx96m") : jvmOptions);
        cmd.add("-Dquarkus.http.port=0");
        if (logAccepted) {
            cmd.add("-Dquarkus.log.category.\"dev.fieldgate.buffer.accepted\".level=DEBUG");
        }
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        if (executable == null) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        }
        return new GatewayProcess(ExternalProcess.start("gateway", cmd));
    }

    /** @return the message ids the outbox reported accepted, in order. */
    public Set<String> accepted() {
        final Set<String> ids = new LinkedHashSet<>();
        for (final String line : process.lines()) {
            final Matcher m = ACCEPTED.matcher(line);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** @return the web page's one-time setup code from the log, or null before it is logged. */
    public String setupCode() {
        final Matcher m = Pattern.compile("one-time setup code: (\\S+)").matcher(process.output());
        return m.find() ? m.group(1) : null;
    }

    /** @return true once the gateway logged that it started. */
    public boolean started() {
        return process.lines().stream().anyMatch(l -> l.contains("Fieldgate ") && l.contains(" started:"));
    }

    /** @return everything printed so far. */
    public String output() {
        return process.output();
    }

    /** Kills the gateway with SIGKILL. */
    public void kill9() throws InterruptedException {
        process.kill9();
    }

    /** @return the exit code, or -1 while running. */
    public int exitCode() {
        return process.exitCode();
    }

    /** Stops the gateway with SIGTERM. */
    @Override
    public void close() {
        process.close();
    }
}
