package dev.fieldgate.rig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real peer program (Mosquitto, the pymodbus simulator) run for a test, its output kept for diagnosis. */
public final class ExternalProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ExternalProcess(final String name, final Process process) {
        this.name = name;
        this.process = process;
        final Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (final IOException e) {
                lines.add("<" + e.getMessage() + ">");
            }
        }, name + "-output");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts a program, failing (not skipping) when it is not installed: the interop suite exists to run
     * against these peers.
     */
    public static ExternalProcess start(final String name, final List<String> command) {
        final Path exe = Path.of(command.get(0));
        if (exe.isAbsolute() && !Files.isExecutable(exe)) {
            throw new IllegalStateException(command.get(0) + " is not installed; .ci/run installs it with apt-get");
        }
        try {
            return new ExternalProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (final IOException e) {
            throw new IllegalStateException(name + " cannot start (" + e.getMessage()
                    + "); .ci/run installs it with apt-get", e);
        }
    }

    /** Waits until {@code port} on 127.0.0.1 accepts connections. */
    public ExternalProcess awaitPort(final int port, final Duration timeout) {
        final long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (final IOException e) {
                sleep();
            }
        }
        throw new IllegalStateException(name + " did not open port " + port + ": " + output());
    }

    /** Waits until the program printed a line containing {@code text}. */
    public ExternalProcess awaitLine(final String text, final Duration timeout) {
        final long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (lines.stream().anyMatch(l -> l.contains(text))) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + output());
            }
            sleep();
        }
        throw new IllegalStateException(name + " did not print '" + text + "': " + output());
    }

    /** @return everything printed so far. */
    public String output() {
        return String.join("\n", lines);
    }

    /** @return every line printed so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Kills the program with SIGKILL: no shutdown hook, no cleanup of any kind. */
    public void kill9() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** @return the exit code, or -1 while running. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Stops the program with SIGTERM, as a container runtime does (Mosquitto saves its sessions then). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }
}
