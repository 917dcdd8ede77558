package dev.fieldgate.field.modbus;

import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop while a request is on the wire: the answer is cut short by the stop, not by the device, and must not
 * become a bad-timeout reading that the cloud receives after the next start.
 */
class PollerStopTest {

    @Test
    void should_produce_nothing_for_a_poll_cut_short_by_the_stop() throws Exception {
        final CountDownLatch asked = new CountDownLatch(1);
        try (ServerSocket device = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // a real TCP peer that takes the request and is still "thinking" when the gateway stops
            final Thread peer = new Thread(() -> {
                try (Socket s = device.accept()) {
                    final InputStream in = s.getInputStream();
                    if (in.read(new byte[260]) > 0) {
                        asked.countDown();
                    }
                    in.read();
                } catch (final IOException e) {
                    // the poller closed the connection
                }
            }, "slow-device");
            peer.setDaemon(true);
            peer.start();
            final AdapterDefinition def = new AdapterLoader(ProfileCatalog.empty(), id -> { }).parse("t.yaml", "t",
                    String.join("\n", "kind: modbus-tcp",
                            "connection: {host: 127.0.0.1, port: " + device.getLocalPort() + ", timeout: 1500ms}",
                            "devices:",
                            "  - {id: slow, unit-id: 1, points: [{name: v, register-type: holding-register, address: 0}]}",
                            ""));
            final List<DeviceReadings> received = new CopyOnWriteArrayList<>();
            final ModbusPoller poller = ModbusPoller.create(def, received::add, PollMetrics.NONE);
            poller.start();
            assertThat(asked.await(5, TimeUnit.SECONDS)).as("the request is on the wire").isTrue();

            poller.stop();   // waits for the reading thread, longer than the device's timeout

            assertThat(received).as("no reading from a poll the stop cut short").isEmpty();
        }
    }
}
