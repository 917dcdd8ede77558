package dev.fieldgate.demo;

import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterKind;
import dev.fieldgate.field.adapter.TcpEndpoint;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything the demo profile runs besides the gateway itself: a generated PKI, the embedded mutual-TLS
 * broker and simulated Modbus devices for every adapter that points at this machine.
 */
public final class DemoEnvironment implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DemoEnvironment.class);
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "::1");
    private static final long TICK_MS = 250;

    private final Path pkiDir;
    private final DemoBroker broker;
    private final List<SimulatedModbusServer> servers = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "demo-devices");
        t.setDaemon(true);
        return t;
    });

    private DemoEnvironment(final Path pkiDir, final DemoBroker broker) {
        this.pkiDir = pkiDir;
        this.broker = broker;
    }

    /**
     * Creates the demo PKI under {@code dataDir/demo-pki} (once; later starts reuse it) and starts the broker.
     * The gateway's certificate is {@code gateway.pem}/{@code gateway.key}; {@code subscriber.pem}/
     * {@code subscriber.key} are for watching the topics with any MQTT client.
     */
    public static DemoEnvironment startBroker(final Path dataDir, final String gatewayId, final int port) {
        final Path pki = dataDir.resolve("demo-pki");
        if (!Files.exists(pki.resolve("subscriber.key"))) {
            final DemoPki created = DemoPki.create(pki, "Fieldgate Demo CA");
            created.issueClient("gateway", gatewayId);
            created.issueClient("subscriber", "subscriber");
            LOG.infof("Demo PKI written to %s", pki.toAbsolutePath());
        }
        return new DemoEnvironment(pki, DemoBroker.start(pki, port, dataDir.resolve("demo-broker"), List.of()));
    }

    /** Serves every adapter whose host is this machine with a simulated device server, values moving. */
    public void startDevices(final List<AdapterDefinition> adapters) {
        for (final AdapterDefinition a : adapters) {
            if (a.enabled() && a.kind() == AdapterKind.MODBUS_TCP && a.connection() instanceof TcpEndpoint
                    && LOCAL_HOSTS.contains(((TcpEndpoint) a.connection()).host())) {
                final int port = ((TcpEndpoint) a.connection()).port();
                servers.add(SimulatedModbusServer.start(port, a.devices()));
                LOG.infof("Simulating %d device(s) of adapter %s on 127.0.0.1:%d", a.devices().size(), a.name(), port);
            }
        }
        final long start = System.nanoTime();
        final Runnable tick = () -> {
            final double seconds = (System.nanoTime() - start) / 1e9;
            try {
                servers.forEach(s -> s.advance(seconds));
            } catch (final RuntimeException e) {
                // a simulation glitch must not stop the ticker (a thrown exception would cancel it)
                LOG.warnf("Demo device update failed: %s", e.getMessage());
            }
        };
        tick.run();
        ticker.scheduleAtFixedRate(tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.infof("Demo running. Watch the readings: mosquitto_sub -h localhost -p %d --cafile %s --cert %s --key %s -t 'dt/#' -v",
                broker.port(), pkiDir.resolve("ca.pem"), pkiDir.resolve("subscriber.pem"), pkiDir.resolve("subscriber.key"));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        servers.forEach(SimulatedModbusServer::close);
        broker.close();
    }
}
