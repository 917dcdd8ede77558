package dev.fieldgate.rig;

import dev.fieldgate.demo.SimulatedModbusServer;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest plant a gateway process test needs: one Modbus TCP connection with two devices of one
 * register each, served by a j2mod simulator, and the adapter file describing it.
 */
public final class TwoDevicePlant implements AutoCloseable {

    private final Path adapters;
    private final SimulatedModbusServer server;

    /**
     * @param root      test directory; the adapter file goes to {@code root/adapters}
     * @param idPrefix  devices are {@code <prefix>-1} and {@code <prefix>-2}
     * @param interval  poll interval, e.g. {@code 50ms}
     */
    public TwoDevicePlant(final Path root, final String idPrefix, final String interval) throws IOException {
        final int port = Ports.free();
        adapters = Files.createDirectories(root.resolve("adapters"));
        Files.writeString(adapters.resolve("plant.yaml"), String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: 127.0.0.1, port: " + port + "}",
                "defaults: {interval: " + interval + "}",
                "devices:",
                "  - {id: " + idPrefix + "-1, unit-id: 1, points: [{name: n, register-type: holding-register, address: 0}]}",
                "  - {id: " + idPrefix + "-2, unit-id: 2, points: [{name: n, register-type: holding-register, address: 0}]}",
                ""));
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
