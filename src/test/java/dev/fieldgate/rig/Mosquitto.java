package dev.fieldgate.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's Mosquitto with mutual TLS: client certificates required, the certificate's CN is the user name,
 * and the ACL lets a gateway write only below {@code dt/fieldgate/<its CN>/}. {@code backend} reads all.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private ExternalProcess process;

    private Mosquitto(final Path dataDir, final int port, final String config) {
        this.dataDir = dataDir;
        this.port = port;
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("mosquitto.conf"), config);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /**
     * A plant's local broker as many plants run it: plain MQTT on the plant network, anonymous clients, no
     * persistence.
     */
    public static Mosquitto plain(final Path dataDir, final int port) {
        return new Mosquitto(dataDir, port, String.join("\n",
                "per_listener_settings false",
                "allow_anonymous true",
                "user " + System.getProperty("user.name"),
                "log_dest file " + dataDir.resolve("mosquitto.log"),
                "listener " + port + " 127.0.0.1", ""));
    }

    /** Writes the configuration and starts the broker. */
    public Mosquitto(final Path pkiDir, final Path dataDir, final int port) {
        this.dataDir = dataDir;
        this.port = port;
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("acl"), String.join("\n",
                    // a gateway: its own telemetry and command topics, the shadow topics of its devices' things
                    "pattern write dt/fieldgate/%u/#",
                    "pattern readwrite cmd/fieldgate/%u/#",
                    "pattern readwrite $aws/things/+/shadow/#",
                    // its own jobs, and certificates for its own key (rotation)
                    "pattern readwrite $aws/things/%u/jobs/#",
                    "pattern readwrite $aws/certificates/create-from-csr/#",
                    // the back office: reads everything, plays the shadow service and sends commands
                    "user backend",
                    "topic read #",
                    "topic readwrite $aws/things/#",
                    "topic readwrite $aws/certificates/#",
                    "topic readwrite cmd/#", ""));
            Files.writeString(dataDir.resolve("mosquitto.conf"), String.join("\n",
                    "per_listener_settings false",
                    "allow_anonymous false",
                    // as root, mosquitto would switch to user 'mosquitto' and lose access to the files
                    "user " + System.getProperty("user.name"),
                    "persistence true",
                    // never drop what a slow test subscriber has not taken yet (the default queue is 1000)
                    "max_queued_messages 0",
                    "persistence_location " + dataDir + "/",
                    "log_dest file " + dataDir.resolve("mosquitto.log"),
                    "log_type all",
                    "acl_file " + dataDir.resolve("acl"),
                    "listener " + port + " 127.0.0.1",
                    "cafile " + pkiDir.resolve("ca.pem"),
                    "certfile " + pkiDir.resolve("server.pem"),
                    "keyfile " + pkiDir.resolve("server.key"),
                    "require_certificate true",
                    "use_identity_as_username true", ""));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /**
     * Lets every client write below one more topic pattern ({@code %u} is the client's name), as an operator
     * fixes a policy; takes effect at the next {@link #start()}.
     */
    public void allowWrite(final String pattern) {
        try {
            Files.writeString(dataDir.resolve("acl"), "pattern write " + pattern + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (again) with the same configuration and persistence. */
    public void start() {
        process = ExternalProcess.start("mosquitto",
                List.of("/usr/sbin/mosquitto", "-c", dataDir.resolve("mosquitto.conf").toString()))
                .awaitPort(port, Duration.ofSeconds(10));
    }

    /** Stops the broker (it saves its sessions first). */
    public void stop() {
        process.close();
    }

    /** @return the broker's log so far. */
    public String log() {
        try {
            return Files.exists(dataDir.resolve("mosquitto.log")) ? Files.readString(dataDir.resolve("mosquitto.log"))
                    : process.output();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
