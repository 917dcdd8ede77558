package dev.fieldgate.rig;

import dev.fieldgate.demo.SimulatedModbusServer;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A plant for gateway process tests: one Modbus TCP connection with devices of one register each, served by
 * a j2mod simulator, and the adapter file describing it.
 */
public final class SimulatedPlant implements AutoCloseable {

    private final Path adapters;
    private final SimulatedModbusServer server;

    /**
     * @param root      test directory; the adapter file goes to {@code root/adapters}
     * @param idPrefix  devices are {@code <prefix>-1} to {@code <prefix>-<devices>}
     * @param interval  poll interval, e.g. {@code 50ms}
     * @param devices   how many (unit ids 1 to 247)
     */
    public SimulatedPlant(final Path root, final String idPrefix, final String interval, final int devices)
            throws IOException {
        final int port = Ports.free();
        adapters = Files.createDirectories(root.resolve("adapters"));
        final StringBuilder yaml = new StringBuilder(String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: 127.0.0.1, port: " + port + "}",
                "defaults: {interval: " + interval + "}",
                "devices:", ""));
        for (int unit = 1; unit <= devices; unit++) {
            yaml.append("  - {id: ").append(idPrefix).append('-').append(unit).append(", unit-id: ").append(unit)
                    .append(", points: [{name: n, register-type: holding-register, address: 0}]}\n");
        }
        Files.writeString(adapters.resolve("plant.yaml"), yaml);
        server = SimulatedModbusServer.start(port, new AdapterLoader(ProfileCatalog.empty(), id -> { })
                .loadDirectory(adapters).adapters().get(0).devices());
    }

    /** @return the adapter directory to give the gateway. */
    public Path adapters() {
        return adapters;
    }

    @Override
    public void close() {
        server.close();
    }
}
