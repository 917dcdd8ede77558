package dev.fieldgate.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.InterceptHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An embedded MQTT 3.1.1 broker (Moquette) on 127.0.0.1 that only accepts clients presenting a certificate
 * signed by the demo CA. For the demo and the self-contained tests; production never starts it.
 */
public final class DemoBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DemoBroker.class);

    private final Server server = new Server();
    private final int port;

    private DemoBroker(final int port) {
        this.port = port;
    }

    /**
     * @param pkiDir        directory with {@code ca.pem}, {@code server.pem}, {@code server.key}
     * @param port          TLS port on 127.0.0.1
     * @param dataDir       scratch directory for the broker
     * @param interceptors  observers of broker events (tests); may be empty
     * @return the running broker
     */
    public static DemoBroker start(final Path pkiDir, final int port, final Path dataDir,
                                   final List<? extends InterceptHandler> interceptors) {
        return start(pkiDir, port, dataDir, interceptors, Map.of());
    }

    /**
     * @param more further Moquette properties (tests: a plain {@code port} or {@code websocket_port} behind a
     *             TLS front that stands in for a cloud endpoint)
     * @see #start(Path, int, Path, List)
     */
    public static DemoBroker start(final Path pkiDir, final int port, final Path dataDir,
                                   final List<? extends InterceptHandler> interceptors, final Map<String, String> more) {
        final DemoBroker broker = new DemoBroker(port);
        final Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", "disabled");
        p.setProperty("ssl_port", Integer.toString(port));
        p.setProperty("need_client_auth", "true");
        // the client certificate is the credential; Moquette's user/password check is not used
        p.setProperty("allow_anonymous", "true");
        // Moquette refuses packets over 8 KiB by default; the gateway batches up to the cloud limit (128 KiB)
        p.setProperty("netty.mqtt.message_size", Integer.toString(256 * 1024));
        p.setProperty("persistence_enabled", "false");
        // one notification thread keeps interceptor calls in the order messages arrived
        p.setProperty("intercept.thread_pool.size", "1");
        // mosquitto_sub and other tools connect with an empty client id unless given one
        p.setProperty("allow_zero_byte_client_id", "true");
        p.putAll(more);
        try {
            Files.createDirectories(dataDir);
            p.setProperty("data_path", dataDir.toAbsolutePath().toString());
            final SslContext ssl = SslContextBuilder
                    .forServer(pkiDir.resolve("server.pem").toFile(), pkiDir.resolve("server.key").toFile())
                    .trustManager(pkiDir.resolve("ca.pem").toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
            broker.server.startServer(new MemoryConfig(p), interceptors, () -> ssl, null, null);
        } catch (final SSLException e) {
            throw new IllegalStateException("demo broker TLS setup failed: " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof("Embedded demo broker listening on 127.0.0.1:%d (mutual TLS, MQTT 3.1.1)", port);
        return broker;
    }

    /** @return the TLS port. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
