package dev.fieldgate.uplink.hivemq;

import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.uplink.Endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Whether the primary endpoint is worth leaving a working backup for: it accepts a TCP connection. Through a proxy
 * only a real attempt can tell, so the answer is yes.
 */
final class PrimaryProbe {

    private static final int TIMEOUT_MS = 5_000;

    private PrimaryProbe() {
    }

    static boolean answers(final Endpoint primary, final ProxyRules proxies) {
        if (proxies.forHost(primary.host()).isPresent()) {
            return true;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(primary.host(), primary.port()), TIMEOUT_MS);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
