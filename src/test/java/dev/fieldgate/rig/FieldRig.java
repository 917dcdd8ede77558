package dev.fieldgate.rig;

import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.demo.SimulatedModbusServer;
import dev.fieldgate.field.Device;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real peers for a gateway under test, all in this JVM: a generated PKI, the embedded broker requiring client
 * certificates, j2mod Modbus TCP servers for the adapters written into a temporary adapter directory, and a
 * port where nothing listens.
 */
public final class FieldRig implements QuarkusTestResourceLifecycleManager {

    /** The rig of the running test class. */
    public static FieldRig current;

    public Path root;
    public DemoPki pki;
    public TestBroker broker;
    public SimulatedModbusServer plant;
    public AdapterDefinition plantAdapter;
    private CloudSide cloud;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("fieldgate-rig");
            pki = DemoPki.create(root.resolve("pki"), "Rig CA");
            pki.issueClient("gateway", "test-gateway");
            pki.issueClient("cloud", "cloud-operations");
            broker = new TestBroker(pki.dir(), Ports.free(), root.resolve("broker"));
            // the cloud is there before the gateway connects, as AWS IoT is
            cloud = new CloudSide(broker.port(), pki.caFile(), pki.dir().resolve("cloud.pem"), pki.dir().resolve("cloud.key"));
            final Path adapters = Files.createDirectories(root.resolve("adapters"));
            final int plantPort = Ports.free();
            Files.writeString(adapters.resolve("plant.yaml"), String.join("\n",
                    "kind: modbus-tcp",
                    "connection: {host: 127.0.0.1, port: " + plantPort + ", timeout: 300ms, reconnect-max: 2s}",
                    "devices:",
                    "  - {id: meter-1, unit-id: 1, profile: eastron-sdm630, interval: 200ms}",
                    "  - id: plc-1",
                    "    unit-id: 2",
                    "    points:",
                    "      - {name: counter, register-type: holding-register, address: 0, data-type: uint16, interval: 100ms}",
                    "      - {name: speed, register-type: holding-register, address: 1, data-type: float32, word-order: little,"
                            + " unit: m/s, interval: 100ms}",
                    "      - {name: running, register-type: coil, address: 0, interval: 100ms, writable: true}",
                    "      - {name: speed-ref, register-type: holding-register, address: 10, data-type: float32, writable: true,"
                            + " min: 0, max: 50, interval: 100ms}",
                    ""));
            Files.writeString(adapters.resolve("unplugged.yaml"), String.join("\n",
                    "kind: modbus-tcp",
                    "connection: {host: 127.0.0.1, port: " + Ports.free() + ", timeout: 300ms, reconnect-max: 1s}",
                    "devices: [{id: unplugged-1, unit-id: 1, profile: xy-md02}]", ""));
            Files.writeString(adapters.resolve("broken.yaml"), String.join("\n",
                    "kind: modbus-tcp",
                    "connection: {host: 127.0.0.1, port: 502}",
                    "devices:",
                    "  - {id: broken-1, unit-id: 1, profile: eastron-sdm630, interval: fast}", ""));
            final ProfileCatalog profiles = ProfileCatalog.load(Path.of("adapters/profiles").toAbsolutePath());
            plantAdapter = new AdapterLoader(profiles, id -> { }).loadDirectory(adapters).adapters().stream()
                    .filter(a -> a.name().equals("plant")).findFirst().orElseThrow();
            plant = SimulatedModbusServer.start(plantPort, plantAdapter.devices());
            current = this;

            final Map<String, String> config = GatewaySettings.forBroker("test-gateway", root, adapters, pki,
                    broker.port(), "v3");
            config.put("fieldgate.uplink.profile", "unlimited");
            config.put("fieldgate.uplink.max-publish-rate", "1000");
            config.put("fieldgate.shadow.report-interval", "200ms");
            config.put("fieldgate.shadow.local-writes", "true");
            // after the broker restart the gateway may ask before the cloud side has subscribed again: a
            // request lost that way is asked again after this long
            config.put("fieldgate.shadow.request-timeout", "2s");
            return config;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final Exception e) {
            throw new IllegalStateException("cloud side did not connect: " + e.getMessage(), e);
        }
    }

    /** @return the plant device with id {@code id}. */
    public Device device(final String id) {
        return plantAdapter.devices().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    /** @return a plant device's point value as the simulator holds it now. */
    public Object get(final String deviceId, final String point) {
        final Device d = device(deviceId);
        return plant.value(d.unitId(), d.points().stream().filter(p -> p.name().equals(point)).findFirst().orElseThrow());
    }

    /** @return the cloud side connected to the rig's broker with its own certificate. */
    public CloudSide cloud() {
        return cloud;
    }

    /** Sets a point of a plant device. */
    public void set(final String deviceId, final String point, final Object value) {
        final Device d = device(deviceId);
        plant.set(d.unitId(), d.points().stream().filter(p -> p.name().equals(point)).findFirst().orElseThrow(), value);
    }

    @Override
    public void stop() {
        if (cloud != null) {
            try {
                cloud.close();
            } catch (final Exception e) {
                // the broker goes next anyway
            }
        }
        if (plant != null) {
            plant.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** @return the device ids of a list of messages, for assertions. */
    public static List<String> devices(final List<CapturedMessage> messages) {
        return messages.stream().map(CapturedMessage::device).distinct().toList();
    }
}
